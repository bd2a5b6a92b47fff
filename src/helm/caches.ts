// The renderer's memos that live across renderings (template parses, decoded and parsed values
// files). They pay off while charts render (a library chart vendored by many charts is parsed
// once), and are dead weight afterwards: a caller that is done rendering releases them.

import { clearParsedValues } from './chart/values-file.js';
import { clearParseCache } from './template/parser.js';
import { clearParsedSets } from './render/engine.js';
import { clearDecodedDocuments } from './yaml/load.js';

/** Empties the rendering memos (the next rendering fills them again). */
export function releaseRenderCaches(): void {
  clearParseCache();
  clearParsedSets();
  clearDecodedDocuments();
  clearParsedValues();
}
