App({
  onError(message) {
    const page = getCurrentPages()[0];
    if (page) page.setData({ lastError: message.split('\n')[0] });
  },
});
