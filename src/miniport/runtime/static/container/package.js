/**
 * Opening a .mpk in the host: read the zip, check every file against the manifest's
 * sha256, and gather what the two layers need — logic bundles for the worker; view
 * bundles, style sheets, config and assets for the view.
 *
 * All parts (main package and subpackages) are loaded at launch; loading subpackages
 * on first navigation is a later refinement.
 */

import { readZip, ZipError } from '../common/zip.js';

export const FRAMEWORK_VERSION = '1.0.0';

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {ArrayBuffer|Uint8Array} data the .mpk bytes
 * @returns {Promise<{manifest, config, logic: {name, text}[], views: string[], styles: object, assets: object}>}
 */
export async function openPackage(data) {
  const entries = readZip(data);
  const manifestEntry = entries.get('manifest.json');
  if (!manifestEntry) throw new ZipError('manifest_missing', 'the package has no manifest.json; rebuild it with `miniport build`');
  let manifest;
  try {
    manifest = JSON.parse(await manifestEntry.text());
  } catch (err) {
    throw new ZipError('manifest_invalid', `manifest.json is not valid JSON: ${err.message}`);
  }
  if (manifest.format !== 1) throw new ZipError('unsupported_format', `package format ${manifest.format} is newer than this runtime understands; update the runtime`);
  const needMajor = Number(String(manifest.framework || '1').split('.')[0]);
  if (needMajor > Number(FRAMEWORK_VERSION.split('.')[0])) {
    throw new ZipError('framework_too_new', `the package needs runtime ${manifest.framework}, this runtime is ${FRAMEWORK_VERSION}; update the runtime`);
  }
  const verify = !!(globalThis.crypto && crypto.subtle);
  const files = {};
  for (const [name, info] of Object.entries(manifest.files || {})) {
    const entry = entries.get(name);
    if (!entry) throw new ZipError('missing_file', 'a file listed in the manifest is missing', name);
    const bytes = await entry.bytes();
    if (verify && info.sha256 && (await sha256Hex(bytes)) !== info.sha256) {
      throw new ZipError('hash_mismatch', 'file content does not match the manifest; the package is corrupt or was tampered with', name);
    }
    files[name] = bytes;
  }
  for (const name of entries.keys()) {
    if (name !== 'manifest.json' && !(name in files)) throw new ZipError('extra_file', 'the zip holds a file the manifest does not list', name);
  }
  const text = (name) => new TextDecoder().decode(files[name]);
  const logic = [];
  const views = [];
  const styles = {};
  let config = null;
  const roles = new Set();
  for (const part of manifest.parts || []) {
    const e = part.entries || {};
    for (const r of Object.values(e)) roles.add(r);
    if (e.logic && files[e.logic]) logic.push({ name: e.logic, text: text(e.logic) });
    if (e.view && files[e.view]) views.push(text(e.view));
    if (e.styles && files[e.styles]) Object.assign(styles, JSON.parse(text(e.styles)).sheets || {});
    if (e.config && files[e.config]) config = JSON.parse(text(e.config));
  }
  if (!config) throw new ZipError('manifest_invalid', 'the package has no config entry; rebuild it with a current `miniport build`');
  const assets = {};
  for (const [name, bytes] of Object.entries(files)) if (!roles.has(name)) assets[name] = bytes;
  return { manifest, config, logic, views, styles, assets };
}
