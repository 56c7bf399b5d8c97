Page({
  data: { welcome: '' },
  onLoad(query) {
    if (!query.channel) return;
    const channel = this.getOpenerEventChannel();
    channel.on('welcome', (data) => this.setData({ welcome: data.text }));
    channel.emit('greet', { text: 'hello' });
  },
});
