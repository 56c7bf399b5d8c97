// Entity decoding shared by <text decode> and rich-text node arrays.
// Only the entities WeChat documents for `decode` plus numeric references; any
// other `&name;` stays as written, as it does in WeChat.

const NAMED = {
  nbsp: '\u00a0',
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
  ensp: '\u2002',
  emsp: '\u2003',
};

export function decodeEntities(text) {
  return String(text).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const ch = NAMED[name.toLowerCase()];
    return ch === undefined ? whole : ch;
  });
}
