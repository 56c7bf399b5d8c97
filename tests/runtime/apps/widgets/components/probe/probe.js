const log = (what) => getApp().globalData.order.push(what);

Component({
  lifetimes: {
    created() { log('child created'); },
    attached() { log('child attached'); },
    ready() { log('child ready'); },
  },
  pageLifetimes: {
    show() { log('child page-show'); },
  },
});
