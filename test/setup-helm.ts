// The CLI and the Action load the Helm stage on demand before linting a tree with charts
// (engine/helm-loader.ts); tests call the synchronous `lint` directly, so it is loaded up front.
import { loadHelmStage } from '../src/engine/helm-loader.js';

await loadHelmStage();
