// The YAML functions the chart side needs, from src/helm/yaml.
export { loadValues, toYaml, mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson, fromJson, fromJsonArray, toPrettyJson, mustToPrettyJson, toRawJson, mustToRawJson, goJsonParse } from '../yaml/index.js';
