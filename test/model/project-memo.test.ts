// The one per-project memo the knowledge modules share (instead of a WeakMap cache per module).
import { describe, expect, it } from 'vitest';
import { memo, Project } from '../../src/model/project.js';
import { kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { projectOf } from '../knowledge/helpers.js';

const emptyProject = () => new Project([], []);

describe('memo(project, key, compute)', () => {
  it('computes once per project and key', () => {
    const project = emptyProject();
    let calls = 0;
    const compute = () => ({ n: ++calls });
    const first = memo(project, 'test.a', compute);
    expect(memo(project, 'test.a', compute)).toBe(first);
    expect(calls).toBe(1);
    // Another key of the same project is its own value.
    expect(memo(project, 'test.b', compute)).toEqual({ n: 2 });
    expect(memo(project, 'test.a', compute)).toBe(first);
    expect(calls).toBe(2);
  });

  it('keeps each project its own values', () => {
    const one = emptyProject();
    const two = emptyProject();
    expect(memo(one, 'test.value', () => 'one')).toBe('one');
    expect(memo(two, 'test.value', () => 'two')).toBe('two');
    expect(memo(one, 'test.value', () => 'other')).toBe('one');
  });

  it('remembers falsy values too', () => {
    const project = emptyProject();
    let calls = 0;
    for (let i = 0; i < 3; i++) memo(project, 'test.zero', () => (calls++, 0));
    for (let i = 0; i < 3; i++) memo(project, 'test.undefined', () => (calls++, undefined));
    expect(calls).toBe(2);
  });

  it('throws when a compute asks for its own key, instead of recursing without end', () => {
    const project = emptyProject();
    const selfish = (): number => memo(project, 'test.self', () => selfish() + 1);
    expect(() => selfish()).toThrow(/test\.self/);
    // A failed compute is not remembered: the next call computes again.
    expect(memo(project, 'test.self', () => 7)).toBe(7);
  });

  it('knowledge indexes are shared within a project and separate across projects', () => {
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
    const one = projectOf([{ path: 'one.yaml', kind: 'kubernetes', text: manifest }]);
    const two = projectOf([{ path: 'two.yaml', kind: 'kubernetes', text: manifest.replace('name: api\nspec', 'name: web\nspec') }]);
    expect(kubernetesObjects(one)).toBe(kubernetesObjects(one));
    expect(workloads(one)).toBe(workloads(one));
    expect(workloads(one).map((w) => w.name)).toEqual(['api']);
    expect(workloads(two).map((w) => w.name)).toEqual(['web']);
  });
});
