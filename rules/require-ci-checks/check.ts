import { defineCheck, type Target } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, SourceDocument } from '../../src/model/types.js';
import { stripBom } from '../../src/parsers/index.js';
import { parseYaml } from '../../src/parsers/yaml.js';
import { ciFiles, ciRunsTests } from '../../src/knowledge/ci/ci.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { workloadNamePath, workloadTargetName } from '../../src/knowledge/kubernetes/availability.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';

export default defineCheck({
  kinds: [],
  acrossUnits: ['project-wide: CI pipeline files and whether they run tests', 'project-wide: the workloads and compose services it is judged against'],
  check(ctx) {
    // The anchor when there is no CI YAML to point at: the first deployment artifact —
    // a Dockerfile's first FROM, else a compose file's `services`, else a workload's name, else Chart.yaml's name.
    const anchors: { doc: SourceDocument; path: DocPath; what: string; key?: boolean }[] = [];
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      if (doc.data.stages.length) anchors.push({ doc: doc as SourceDocument, path: ['stages', 0, 'from'], what: `an image (${doc.file.path})` });
    }
    for (const doc of ctx.project.ofKind('compose')) {
      if (composeServices(doc).length) anchors.push({ doc, path: ['services'], what: `compose services (${doc.file.path})`, key: true });
    }
    for (const w of workloads(ctx.project)) anchors.push({ doc: w.doc, path: workloadNamePath(w), what: workloadTargetName(w) });
    for (const doc of ctx.project.ofKind('helm-chart')) anchors.push({ doc, path: ['name'], what: `a Helm chart (${doc.file.chartRoot ?? '.'})` });
    const anchor = anchors.find((a) => ctx.environmentOf(a.doc) !== 'development' && ctx.environmentOf(a.doc) !== 'test') ?? anchors[0];

    const files = ciFiles(ctx.project);
    if (files.length === 0) {
      if (!anchor) return;
      const target: Target = { doc: anchor.doc, path: anchor.path, name: 'project CI' };
      ctx.fail(target, { messageId: 'noCi', data: { what: anchor.what }, key: anchor.key });
      return;
    }
    const ciDoc = files
      .filter((f) => /\.ya?ml$/i.test(f.path))
      .flatMap((f) => {
        try {
          return parseYaml(f, stripBom(f.text)).documents;
        } catch {
          return [];
        }
      })[0];
    if (!ciDoc && !anchor) return;
    const target: Target = ciDoc ? { doc: ciDoc, path: [], name: 'project CI' } : { doc: anchor!.doc, path: anchor!.path, name: 'project CI' };
    if (files.some((f) => ciRunsTests(f.text))) {
      ctx.pass(target);
      return;
    }
    const list = files.map((f) => f.path).join(', ');
    if (ciDoc) {
      const data = ciDoc.data as Record<string, unknown> | undefined;
      const at = data && typeof data === 'object' && 'jobs' in data ? ['jobs'] : data && typeof data === 'object' && 'stages' in data ? ['stages'] : [];
      ctx.fail(target, { messageId: 'noTests', data: { files: list }, path: at, key: true });
    } else ctx.fail(target, { messageId: 'noTests', data: { files: list }, key: anchor!.key });
  },
});
