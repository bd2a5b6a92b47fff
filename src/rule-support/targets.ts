// Rule plumbing, not domain knowledge: which targets a family of rules judges, with the
// not-applicable outcomes recorded through the rule context. It sits between the rule API and
// src/knowledge, so knowledge stays free of engine types (knowledge imports model and parsers only).

import type { RuleContext, Target } from '../engine/api.js';
import { isPatchFragment, workloadTargetName } from '../knowledge/kubernetes/availability.js';
import { workloads, type Workload } from '../knowledge/kubernetes/kubernetes.js';
import { composeServices, serviceRole, type ComposeService } from '../knowledge/compose/compose.js';

/**
 * The workloads an availability rule judges, each with its target. Kustomize patch fragments are
 * recorded as not applicable (their base is judged) and left out.
 */
export function judgedWorkloads(ctx: RuleContext): { w: Workload; name: string; target: Target }[] {
  const out: { w: Workload; name: string; target: Target }[] = [];
  for (const w of workloads(ctx.project)) {
    const name = workloadTargetName(w);
    const target: Target = { doc: w.doc, path: w.path, name };
    if (isPatchFragment(w)) {
      ctx.notApplicable(target, 'a Kustomize patch; judged through its base');
      continue;
    }
    out.push({ w, name, target });
  }
  return out;
}

/**
 * The compose services that keep running, each with its target. Jobs (migrations, test runners,
 * `restart: "no"`, services of a test model; see `serviceRole`) are recorded as not applicable
 * and left out. Services are those of the merged models (see composeModels), so a setting any
 * layer of the model gives counts, and a development layer's never reaches production.
 */
export function longRunningServices(ctx: RuleContext): { s: ComposeService; target: Target }[] {
  const out: { s: ComposeService; target: Target }[] = [];
  for (const doc of ctx.project.ofKind('compose')) {
    for (const s of composeServices(doc)) {
      const target: Target = { doc, path: s.path, name: `service ${s.name}` };
      const role = serviceRole(s, ctx.environmentOf(doc));
      if (role.role === 'job') ctx.notApplicable(target, `job: ${role.reason}`);
      else out.push({ s, target });
    }
  }
  return out;
}
