// Types of scripts/notice.mjs (a plain ESM script run by the build), for its test.
export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  copyright: string;
  /** The bundles holding its code: 'CLI', 'GitHub Action'. */
  bundles: string[];
}
export const BUNDLES: Record<string, string[]>;
export const MARKER: string;
export function bundledPackageDirs(): Promise<Map<string, Set<string>>>;
export function bundledPackages(): Promise<BundledPackage[]>;
export function renderSection(packages: readonly BundledPackage[]): string;
export function withSection(notice: string, section: string): string;
