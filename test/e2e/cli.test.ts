/** The `switchboard` CLI, run as partners run it: the built executable in a child process. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startInProcess } from '../support/switchboard.js';

const CLI = path.join(repoRoot, 'sdk/dist/cli/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('switchboard CLI', () => {
  let tmp: string;
  let app: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-'));
    app = path.join(tmp, 'my-app');
    const init = await cli(tmp, 'init', 'my-app');
    expect(init.code, init.stderr).toBe(0);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('init scaffolds an app whose manifests validate', async () => {
    for (const file of ['package.json', 'tsconfig.json', 'src/server.ts', 'src/server.test.ts', 'README.md',
      'extensions/review-created/shopify.extension.toml', 'extensions/add-points/shopify.extension.toml']) {
      expect(fs.existsSync(path.join(app, file)), file).toBe(true);
    }
    expect(fs.readFileSync(path.join(app, 'extensions/add-points/shopify.extension.toml'), 'utf8')).toContain('runtime_url = "/actions/add-points"');
    const run = await cli(app, 'validate');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 manifests checked, no problems');
  });

  it('init refuses a folder that is not empty', async () => {
    const run = await cli(tmp, 'init', 'my-app');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not empty');
  });

  it('generate types writes payload and properties types that catch a wrong payload', async () => {
    const run = await cli(app, 'generate', 'types');
    expect(run.code).toBe(0);
    const file = fs.readFileSync(path.join(app, 'src/switchboard-types.ts'), 'utf8');
    expect(file).toMatch(/export interface TriggerPayloads \{\n  "review-created": ReviewCreatedPayload;/);
    expect(file).toMatch(/export interface ActionProperties \{\n  "add-points": AddPointsProperties;/);
    // Checked with the TypeScript compiler: a payload of the wrong shape is a type error.
    const ts = (await import('typescript')).default;
    const check = (body: string) => {
      const probe = path.join(app, 'src', `probe-${Math.random().toString(36).slice(2)}.ts`);
      fs.writeFileSync(probe, `import type { TriggerPayloads } from './switchboard-types.js';\n${body}\n`);
      const program = ts.createProgram([probe], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] });
      const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      fs.rmSync(probe);
      return messages;
    };
    const payloadType = "TriggerPayloads['review-created']";
    const good = file.match(/export interface ReviewCreatedPayload \{([\s\S]*?)\n\}/)![1]!;
    const ratingKey = /"([^"]+)"\??: number;/.exec(good)![1]!;
    expect(check(`export const bad: ${payloadType} = { ${JSON.stringify(ratingKey)}: 'five' } as never as { ${JSON.stringify(ratingKey)}: string };`).join('\n')).toMatch(/not assignable/);
    expect(check(`declare const p: ${payloadType};\nexport const rating: number = p[${JSON.stringify(ratingKey)}] ?? 0;`)).toEqual([]);
  });

  it('generate action "Send gift" writes a kebab-case extension that still validates', async () => {
    const run = await cli(app, 'generate', 'action', 'Send gift');
    expect(run.code, run.stderr).toBe(0);
    const manifest = fs.readFileSync(path.join(app, 'extensions/send-gift/shopify.extension.toml'), 'utf8');
    expect(manifest).toContain('handle = "send-gift"');
    expect(manifest).toContain('runtime_url = "/actions/send-gift"');
    const check = await cli(app, 'validate');
    expect(check.code, check.stderr).toBe(0);

    const again = await cli(app, 'generate', 'action', 'Send gift');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('extensions/send-gift already exists');
  });

  it('validate exits 1 naming the file and field of each error', async () => {
    const broken = path.join(tmp, 'broken');
    const dir = path.join(broken, 'extensions/review-created');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'shopify.extension.toml'), [
      'type = "flow_trigger"',
      'handle = "-review-created"',
      'name = "Review created"',
      '',
      '[settings]',
      '',
      '[[settings.fields]]',
      'type = "number_integer"',
      'key = "Rating"',
      '',
    ].join('\n'));
    const run = await cli(broken, 'validate');
    const output = run.stdout + run.stderr;
    expect(run.code).toBe(1);
    expect(output).toContain('extensions/review-created/shopify.extension.toml:2');
    expect(output).toMatch(/handle/);
    expect(output).toContain('extensions/review-created/shopify.extension.toml:8');
    expect(output).toContain('number_integer');
    expect(run.stderr).toContain('Validation failed');
  });

  it('validate says where it looked when there are no manifests', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const run = await cli(empty, 'validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No extension manifests found in ${path.join(empty, 'extensions')}`);
  });

  it('deploy creates the app once, stores its credentials, and reuses them', async () => {
    const sb = await startInProcess();
    try {
      const first = await cli(app, 'deploy', '--server', sb.url, '--app-url', 'http://localhost:4000', '--name', 'My app');
      expect(first.code, first.stderr + first.stdout).toBe(0);
      expect(first.stdout).toMatch(/client_secret: \S+/);
      expect(first.stdout).toMatch(/Deployed version \d+/);

      const credsFile = path.join(app, '.switchboard/credentials.json');
      const creds = JSON.parse(fs.readFileSync(credsFile, 'utf8')) as { client_id: string; client_secret: string };
      expect(first.stdout).toContain(creds.client_id);
      expect(first.stdout).toContain(creds.client_secret);
      expect(fs.statSync(credsFile).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(app, '.gitignore'), 'utf8')).toContain('.switchboard/');

      const second = await cli(app, 'deploy', '--server', sb.url);
      expect(second.code, second.stderr + second.stdout).toBe(0);
      expect(second.stdout).toContain(`Using app ${creds.client_id}`);
      expect(second.stdout).not.toContain(creds.client_secret);
      const [, v1] = /Deployed version (\d+)/.exec(first.stdout) ?? [];
      const [, v2] = /Deployed version (\d+)/.exec(second.stdout) ?? [];
      expect(Number(v2)).toBeGreaterThan(Number(v1));
    } finally {
      await sb.close();
    }
  });

  it('deploy without credentials or --app-url says what to pass', async () => {
    const fresh = path.join(tmp, 'fresh');
    await cli(tmp, 'init', 'fresh');
    const run = await cli(fresh, 'deploy', '--server', 'http://127.0.0.1:9');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--app-url');
  });

  it('every command has --help', async () => {
    for (const cmd of ['init', 'generate', 'validate', 'deploy', 'trigger']) {
      const run = await cli(tmp, cmd, '--help');
      expect(run.code, cmd).toBe(0);
      expect(run.stdout, cmd).toContain('Usage: switchboard');
    }
  });
});
