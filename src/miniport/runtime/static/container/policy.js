/**
 * Host-side policy: which URLs a mini-program may reach with wx.request /
 * uploadFile / downloadFile. The logic worker has no network of its own; these checks
 * are the only gate.
 *
 * policy = {
 *   requestDomains: ['https://api.example.com', 'cdn.example.com'] | ['*'],
 *   uploadDomains?, downloadDomains?   (default: requestDomains)
 *   allowHttp?: false                  (plain http only when true, e.g. local dev)
 * }
 */

export class PolicyError extends Error {}

function listFor(policy, kind) {
  const p = policy || {};
  return (kind === 'upload' ? p.uploadDomains : kind === 'download' ? p.downloadDomains : null) || p.requestDomains || [];
}

/** Throws PolicyError (with a WeChat-like errMsg) unless `url` is allowed for `kind`. */
export function checkUrl(policy, kind, api, url) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    throw new PolicyError(`${api}:fail invalid url "${url}"`);
  }
  const allowHttp = !!(policy && policy.allowHttp);
  if (u.protocol !== 'https:' && !(allowHttp && u.protocol === 'http:')) {
    throw new PolicyError(`${api}:fail url must use https: "${u.origin}"`);
  }
  const list = listFor(policy, kind);
  if (list.includes('*')) return u;
  const ok = list.some((d) => {
    const entry = String(d).toLowerCase();
    if (entry.includes('://')) return u.origin.toLowerCase() === new URL(entry).origin.toLowerCase();
    return u.host.toLowerCase() === entry || u.hostname.toLowerCase() === entry;
  });
  if (!ok) throw new PolicyError(`${api}:fail url not in domain list: ${u.origin} (add it to the mini-program's allowed ${kind} domains)`);
  return u;
}
