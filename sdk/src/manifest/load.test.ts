import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifestFiles, parseManifests } from './index.js';

describe('loadManifestFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-manifest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds extensions/*/shopify.extension.toml, sorted, with app-relative forward-slash paths', async () => {
    const manifest = (handle: string): string =>
      `type = "flow_trigger"\nhandle = "${handle}"\nname = "Trigger ${handle}"\n`;
    await mkdir(join(dir, 'extensions', 'zeta'), { recursive: true });
    await mkdir(join(dir, 'extensions', 'alpha'), { recursive: true });
    await mkdir(join(dir, 'extensions', 'no-manifest', 'nested'), { recursive: true });
    await writeFile(join(dir, 'extensions', 'zeta', 'shopify.extension.toml'), manifest('zeta'));
    await writeFile(join(dir, 'extensions', 'alpha', 'shopify.extension.toml'), manifest('alpha'));
    await writeFile(join(dir, 'extensions', 'no-manifest', 'nested', 'shopify.extension.toml'), manifest('deep'));
    await writeFile(join(dir, 'extensions', 'README.md'), '# not a folder');
    await writeFile(join(dir, 'shopify.extension.toml'), manifest('root'));

    const files = await loadManifestFiles(dir);
    expect(files.map((f) => f.path)).toEqual([
      'extensions/alpha/shopify.extension.toml',
      'extensions/zeta/shopify.extension.toml',
    ]);
    expect(files[0]?.content).toBe(manifest('alpha'));
    expect(parseManifests(files).extensions.map((e) => [e.handle, e.file])).toEqual([
      ['alpha', 'extensions/alpha/shopify.extension.toml'],
      ['zeta', 'extensions/zeta/shopify.extension.toml'],
    ]);
  });

  it('returns nothing for an app without an extensions folder', async () => {
    expect(await loadManifestFiles(dir)).toEqual([]);
    expect(await loadManifestFiles(join(dir, 'missing'))).toEqual([]);
  });
});
