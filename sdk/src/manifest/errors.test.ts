import { describe, expect, it } from 'vitest';
import { ManifestError, formatProblem, resolveExtensionUrl, type ManifestProblem } from './index.js';

const problem = (p: Partial<ManifestProblem>): ManifestProblem => ({
  severity: 'error',
  file: 'extensions/a/shopify.extension.toml',
  line: 7,
  field: 'extensions[0].handle',
  code: 'invalid_handle',
  message: 'Bad handle.',
  ...p,
});

describe('formatProblem', () => {
  it.each([
    [problem({}), 'error: extensions/a/shopify.extension.toml:7: extensions[0].handle: Bad handle.'],
    [problem({ severity: 'warning', line: undefined }), 'warning: extensions/a/shopify.extension.toml: extensions[0].handle: Bad handle.'],
    [problem({ field: '', code: 'toml_syntax', line: 2 }), 'error: extensions/a/shopify.extension.toml:2: Bad handle.'],
  ])('formats %#', (p, text) => {
    expect(formatProblem(p)).toBe(text);
  });
});

describe('ManifestError', () => {
  it('lists each error as file:line: field: message and keeps every problem', () => {
    const problems = [problem({}), problem({ severity: 'warning', code: 'unknown_key' }), problem({ line: 9, field: 'name', message: 'No name.' })];
    const err = new ManifestError(problems);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ManifestError');
    expect(err.problems).toBe(problems);
    expect(err.message).toBe(
      [
        'Invalid extension manifest (2 errors):',
        '  extensions/a/shopify.extension.toml:7: extensions[0].handle: Bad handle.',
        '  extensions/a/shopify.extension.toml:9: name: No name.',
      ].join('\n'),
    );
  });
});

describe('resolveExtensionUrl', () => {
  it.each([
    ['https://other.example/run', 'https://app.example', 'https://other.example/run'],
    ['/api/execute', 'https://app.example', 'https://app.example/api/execute'],
    ['/api/execute', 'https://app.example/', 'https://app.example/api/execute'],
    ['/execute', 'https://host.example/app/?x=1#top', 'https://host.example/app/execute'],
    ['/flow?step=1', 'http://localhost:3000', 'http://localhost:3000/flow?step=1'],
  ])('%s against %s', (url, appUrl, expected) => {
    expect(resolveExtensionUrl(url, appUrl)).toBe(expected);
  });

  it('refuses what is neither absolute nor an app path', () => {
    expect(() => resolveExtensionUrl('//evil.example/x', 'https://app.example')).toThrow(TypeError);
    expect(() => resolveExtensionUrl('api/execute', 'https://app.example')).toThrow(TypeError);
  });
});
