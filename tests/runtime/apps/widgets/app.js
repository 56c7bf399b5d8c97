App({ globalData: { order: [] } });
