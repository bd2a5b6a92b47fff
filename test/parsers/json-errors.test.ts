// V8 reports some JSON errors with no position, only the text around the error: the diagnostic
// still points at the token (found from that excerpt) and never repeats the excerpt (it may hold a secret).
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/model/types.js';
import { parseJson } from '../../src/parsers/json.js';

describe('invalid-json positions and messages', () => {
  it('places an unexpected token V8 gives without a position, and does not quote the file', () => {
    const text = '{\n  "family": "web",\n  "containerDefinitions": [{ "name": "web", "image", "nginx:1.27.2" }],\n  "password": "hunter2-not-shown"\n}\n';
    const [d] = parseJson({ path: 'task-definition.json', text, kind: 'ecs-task-definition', environment: 'production' } as SourceFile, text).diagnostics;
    expect([d!.range.start.line, d!.range.start.column]).toEqual([3, 52]);
    expect(d!.message).toBe("JSON syntax error: Unexpected token ','");
  });
});
