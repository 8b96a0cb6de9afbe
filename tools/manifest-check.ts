/**
 * Our own checks of the app package, beyond the JSON schema: every URL https and inside validDomains, every activity
 * type the code sends declared (and every declared one sent), the one resource-specific permission the reminders
 * need and no other, icons of the right size (the outline transparent), ids that are GUIDs. Each problem names the
 * manifest field.
 */
import { inflateSync } from 'node:zlib';
import { ACTIVITY_TYPES } from '../functions/src/domain/notification';

export interface ManifestProblem {
  path: string;
  message: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The resource-specific (RSC) permissions the app asks for, and all of them: the activity feed reminders are sent
 * app-only with TeamsActivity.Send.User, which reaches only the users who installed the app — never the tenant-wide
 * Graph permission TeamsActivity.Send (the app registration requests no Graph application permission at all).
 */
export const RESOURCE_SPECIFIC_PERMISSIONS = [{ name: 'TeamsActivity.Send.User', type: 'Application' }] as const;

/** Every string in the manifest with the dotted path it sits at. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

export function checkManifest(manifest: Record<string, any>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [path, value] of strings(manifest)) {
    if (/\{\{\w+\}\}/.test(value)) problems.push({ path, message: `still holds the placeholder ${value.match(/\{\{\w+\}\}/)?.[0]}` });
  }
  for (const path of ['id', 'webApplicationInfo.id', 'bots.0.botId']) {
    const value = path.split('.').reduce<any>((o, k) => o?.[k], manifest);
    if (typeof value !== 'string' || !GUID.test(value)) problems.push({ path, message: `must be a GUID, got ${JSON.stringify(value)}` });
  }
  const domains: string[] = manifest.validDomains ?? [];
  for (const [path, value] of strings(manifest)) {
    if (path === '$schema' || !/^[a-z]+:\/\//i.test(value)) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push({ path, message: `is not a URL: ${value}` });
      continue;
    }
    if (path.startsWith('webApplicationInfo.resource')) continue;
    if (url.protocol !== 'https:') problems.push({ path, message: `must be https: ${value}` });
    else if (!domains.includes(url.host)) problems.push({ path, message: `${url.host} is not in validDomains` });
  }
  const declared = new Map<string, { templateText?: string }>((manifest.activities?.activityTypes ?? []).map((a: { type: string }) => [a.type, a]));
  Object.entries(ACTIVITY_TYPES).forEach(([type, spec]) => {
    const entry = declared.get(type);
    if (!entry) problems.push({ path: 'activities.activityTypes', message: `the code sends "${type}", which the manifest does not declare` });
    else if (entry.templateText !== spec.templateText) problems.push({ path: `activities.activityTypes[${type}].templateText`, message: `is "${entry.templateText}", the code fills "${spec.templateText}"` });
  });
  for (const type of declared.keys()) {
    if (!(type in ACTIVITY_TYPES)) problems.push({ path: 'activities.activityTypes', message: `declares "${type}", which the code never sends` });
  }
  problems.push(...checkPermissions(manifest));
  return problems;
}

/** Exactly RESOURCE_SPECIFIC_PERMISSIONS under authorization.permissions.resourceSpecific. */
function checkPermissions(manifest: Record<string, any>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const path = 'authorization.permissions.resourceSpecific';
  const asked: { name?: unknown; type?: unknown }[] = manifest.authorization?.permissions?.resourceSpecific ?? [];
  for (const needed of RESOURCE_SPECIFIC_PERMISSIONS) {
    if (!asked.some((p) => p.name === needed.name && p.type === needed.type)) {
      problems.push({ path, message: `must ask for ${needed.name} (${needed.type}): the activity feed reminders are sent with it` });
    }
  }
  asked.forEach((p, i) => {
    if (!RESOURCE_SPECIFIC_PERMISSIONS.some((needed) => needed.name === p.name && needed.type === p.type)) {
      problems.push({ path: `${path}[${i}]`, message: `asks for ${String(p.name)} (${String(p.type)}), which Followthrough does not use` });
    }
  });
  return problems;
}

interface Png {
  width: number;
  height: number;
  /** RGBA pixels, when the PNG is 8-bit RGBA (what our icons are). */
  rgba: Buffer | null;
}

/** Reads a PNG's size, and its pixels when it is 8-bit RGBA, unfiltering each row. */
export function readPng(file: Buffer): Png {
  if (file.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8] as number;
      colorType = data[9] as number;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (depth !== 8 || colorType !== 6) return { width, height, rgba: null };
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= 4 ? (out[y * stride + x - 4] as number) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] as number) : 0;
      const upLeft = x >= 4 && y > 0 ? (out[(y - 1) * stride + x - 4] as number) : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter] ?? 0;
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba: out };
}

/** Teams: a 192×192 colour icon, and a 32×32 outline icon that is white on a transparent background. */
export function checkIcons(color: Buffer, outline: Buffer): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const c = readPng(color);
  if (c.width !== 192 || c.height !== 192) problems.push({ path: 'icons.color', message: `must be 192×192, is ${c.width}×${c.height}` });
  const o = readPng(outline);
  if (o.width !== 32 || o.height !== 32) problems.push({ path: 'icons.outline', message: `must be 32×32, is ${o.width}×${o.height}` });
  if (!o.rgba) problems.push({ path: 'icons.outline', message: 'must be an RGBA PNG with a transparent background' });
  else {
    let transparent = 0;
    let notWhite = 0;
    for (let i = 0; i < o.rgba.length; i += 4) {
      if (o.rgba[i + 3] === 0) transparent++;
      else if (o.rgba[i] !== 255 || o.rgba[i + 1] !== 255 || o.rgba[i + 2] !== 255) notWhite++;
    }
    if (transparent === 0) problems.push({ path: 'icons.outline', message: 'has no transparent background' });
    if (notWhite > 0) problems.push({ path: 'icons.outline', message: `must be white only; ${notWhite} pixels are coloured` });
  }
  return problems;
}
