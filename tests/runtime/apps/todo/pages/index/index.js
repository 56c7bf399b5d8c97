const { nextId } = require('../../utils/ids.js');

Page({
  data: { draft: '', todos: [], doneCount: 0, launches: 0 },

  onLoad() {
    const todos = wx.getStorageSync('todos') || [];
    this.setData({ todos, launches: getApp().globalData.launches });
    this.recount();
  },

  add() {
    const title = this.data.draft.trim();
    if (!title) {
      wx.showToast({ title: 'Type a title first', icon: 'none' });
      return;
    }
    const todos = this.data.todos.concat({ id: nextId(this.data.todos), title, done: false });
    this.setData({ todos, draft: '' });
    this.save();
  },

  toggle(event) {
    const index = this.data.todos.findIndex((t) => t.id === event.currentTarget.dataset.id);
    this.setData({ [`todos[${index}].done`]: !this.data.todos[index].done });
    this.recount();
    this.save();
  },

  remove(event) {
    const todos = this.data.todos.filter((t) => t.id !== event.detail.id);
    this.setData({ todos });
    this.recount();
    this.save();
  },

  recount() {
    this.setData({ doneCount: this.data.todos.filter((t) => t.done).length });
  },

  save() {
    wx.setStorageSync('todos', this.data.todos);
  },
});
