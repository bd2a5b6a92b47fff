// YAML keys named after Object.prototype's members (`__proto__`, `constructor`, `toString`) in
// files the fast YAML path composes (parsers/yaml-fast.ts) and the Helm stage adopts values from:
// they stay own data keys, nothing reaches Object.prototype, and the run goes on as usual.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { COMPOSE_OPTIONS, parseYaml } from '../../src/parsers/yaml.js';
import { composeFast, schemaFor } from '../../src/parsers/yaml-fast.js';
import { LineIndex } from '../../src/parsers/positions.js';
import { classifyFiles } from '../../src/discovery/classify.js';

const HOSTILE_KEYS = '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\ntoString: not a function\n';

describe('keys named after Object.prototype members', () => {
  it('stay own keys of the data, on the fast path, and pollute nothing', () => {
    const text = `services:\n  web:\n    image: nginx:1.27\n    ${HOSTILE_KEYS.replace(/\n(?=.)/g, '\n    ')}`;
    // the fast path takes the file (these keys are not a reason to leave it)
    expect(composeFast(text, LineIndex.fromText(text), schemaFor(COMPOSE_OPTIONS))).toBeDefined();
    const parsed = parseYaml(classifyFiles([{ path: 'compose.yaml', text }])[0]!, text);
    const service = (parsed.documents[0]!.data as { services: { web: Record<string, unknown> } }).services.web;
    expect(Object.getPrototypeOf(service)).toBe(Object.prototype);
    expect(Object.hasOwn(service, '__proto__')).toBe(true);
    expect(service['toString']).toBe('not a function');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('are linted and rendered through: chart values, compose and manifests, with nothing polluted', () => {
    const { report } = lint({
      files: [
        { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
        { path: 'chart/values.yaml', text: `replicas: 1\n${HOSTILE_KEYS}` },
        {
          path: 'chart/templates/deploy.yaml',
          text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n',
        },
        { path: 'compose.yaml', text: `services:\n  web:\n    image: nginx:latest\nx-extra:\n  ${HOSTILE_KEYS.replace(/\n(?=.)/g, '\n  ')}` },
        {
          path: 'k8s/cm.yaml',
          text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  ${HOSTILE_KEYS.replace(/\n(?=.)/g, '\n  ').replace('polluted: yes', 'polluted: "yes"')}`,
        },
      ],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString).toBe(Object.prototype.toString);
    expect(typeof ({} as object).toString).toBe('function');
    // the chart rendered: its Deployment's floating image tag is found in the template
    expect(report.findings.some((f) => f.file === 'chart/templates/deploy.yaml' && f.ruleId === 'require-pinned-images')).toBe(true);
    expect(report.findings.some((f) => f.file === 'compose.yaml' && f.ruleId === 'require-pinned-images')).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 'invalid-yaml')).toEqual([]);
  });
});
