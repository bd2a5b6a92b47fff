// Hostile adoption files (issue 12): the baseline file and waiver comments come with the scanned
// tree. A baseline entry's path cannot put a terminal escape on screen, and a flood of waiver
// comments cannot flood the report with notices.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { parseBaseline } from '../../src/baseline/index.js';
import { formatText } from '../../src/formatters/text.js';

const DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';

describe('hostile adoption files', () => {
  it('a stale baseline entry whose path holds a terminal escape is shown escaped', () => {
    const baseline = parseBaseline(
      JSON.stringify({ version: 1, findings: [{ ruleId: 'require-pinned-images', file: 'evil\u001b]0;pwned\u0007.yaml', fingerprint: 'a'.repeat(32), message: 'x' }] }),
      '.readiness-lint-baseline.json',
    );
    const { report } = lint({ files: [{ path: 'Dockerfile', text: DOCKERFILE }], baseline });
    expect(report.baseline!.stale).toHaveLength(1);
    const text = formatText(report, { cwd: '.', color: false });
    expect(text).toContain('stale baseline entry require-pinned-images in evil\\u001B]0;pwned\\u0007.yaml');
    expect(text).not.toContain('\u001b');
  });

  it('three hundred unused waiver comments give at most 101 notices', () => {
    const comments = Array.from({ length: 300 }, (_, i) => `# readiness-lint-disable-next-line require-pinned-images -- reason ${i}`).join('\n');
    const { report } = lint({ files: [{ path: 'Dockerfile', text: `${comments}\n${DOCKERFILE}` }] });
    const waiverNotices = report.notices.filter((n) => n.includes('waiver'));
    expect(waiverNotices).toHaveLength(101);
    expect(waiverNotices.at(-1)).toBe('200 more expired or unused waivers not listed');
  });
});
