// The renderer's memos that live across renderings (template parses, decoded and parsed values
// files). They pay off while charts render (a library chart vendored by many charts is parsed
// once), and are dead weight afterwards: a caller that is done rendering releases them.

import { clearParsedValues } from './chart/values-file.js';
import { clearParseCache, keepRecentParses } from './template/parser.js';
import { clearParsedSets } from './render/engine.js';
import { clearDecodedDocuments, forgetDecodedUnder } from './yaml/load.js';

/** Empties the rendering memos (the next rendering fills them again). */
export function releaseRenderCaches(): void {
  clearParseCache();
  clearParsedSets();
  clearDecodedDocuments();
  clearParsedValues();
}

/**
 * Releases what only one chart's renderings read, once they are done (the next chart's would not
 * hit it): its parsed template set, its decoded values files and the values maps built from them,
 * and the template parses this chart did not use. Parses it used stay for one chart more: a
 * library chart's templates (bitnami's `common`) serve every chart that vendors it. Without this,
 * the corpus's 157 charts kept about 50 MB of such values alive until the Helm stage ended, and
 * V8 grew the heap over them; the parse cache kept up to 2M characters of templates that only
 * charts already rendered used (corpus peak RSS about 30 MB higher).
 */
export function releaseChartCaches(chartFolder: string): void {
  clearParsedSets();
  clearParsedValues();
  forgetDecodedUnder(chartFolder);
  keepRecentParses();
}
