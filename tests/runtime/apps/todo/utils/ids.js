/** The next free id for a new todo. */
function nextId(todos) {
  return todos.reduce((max, t) => Math.max(max, t.id), 0) + 1;
}

module.exports = { nextId };
