// discover()'s onListed hook (the CLI's heap decision, src/cli/heap.ts): the size of the tree is
// reported before any file is read, charts as the walk meets them, and a throw from the hook ends
// discovery with nothing read.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { writeTempTree } from '../helpers/temp-tree.js';

const K8S = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
const root = writeTempTree('rl-listed-', {
  'k8s/a.yaml': K8S,
  'k8s/b.yaml': K8S,
  'README.md': '# not read\n',
  'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
  'app/templates/cm.yaml': K8S,
  'app/templates/NOTES.txt': 'hello\n',
  'app/charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discover: onListed', () => {
  it('reports the charts met while walking, then the files to read and the charts, all before the first read', async () => {
    const events: string[] = [];
    const result = await discover(['.'], {
      cwd: root,
      onListed: (listing) => events.push(`listed ${listing.files} ${listing.charts}`),
      readFile: async (p) => {
        events.push('read');
        return (await import('node:fs/promises')).readFile(p);
      },
    });
    // two Chart.yaml met; then 7 files less README.md (not ours), in two charts
    expect(events.slice(0, 3)).toEqual(['listed 0 1', 'listed 0 2', 'listed 6 2']);
    expect(events.slice(3).every((e) => e === 'read')).toBe(true);
    expect(result.files).toHaveLength(6);
  });

  it('ends discovery with what the hook throws, having read nothing', async () => {
    let reads = 0;
    const stop = new Error('stop');
    const thrown = await discover(['.'], {
      cwd: root,
      onListed: (listing) => {
        if (listing.charts >= 1) throw stop;
      },
      readFile: async () => {
        reads++;
        return new Uint8Array();
      },
    }).catch((e: unknown) => e);
    expect(thrown).toBe(stop);
    expect(reads).toBe(0);
  });
});

describe('discover: reading a large tree', () => {
  it('lets timers run while it reads (the progress line keeps moving)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1200; i++) files[`k8s/m${i}.yaml`] = K8S;
    const big = writeTempTree('rl-listed-big-', files);
    try {
      let ticks = 0;
      let ticksAtListed = -1;
      const timer = setInterval(() => ticks++, 0);
      try {
        const result = await discover(['.'], { cwd: big, onListed: (l) => (l.files > 0 ? (ticksAtListed = ticks) : undefined) });
        // read synchronously in one go, no timer would run between the listing and the last read
        const ticksWhileReading = ticks - ticksAtListed;
        expect(result.files).toHaveLength(1200);
        expect(ticksAtListed).toBeGreaterThanOrEqual(0);
        expect(ticksWhileReading).toBeGreaterThan(0);
      } finally {
        clearInterval(timer);
      }
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});
