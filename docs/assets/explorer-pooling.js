/* convdocs explorer, pooling: MaxPool2d and AvgPool2d for the page, loaded when a pooling layer is first chosen.
 * The arithmetic and words are the core's (assets/core/pooling.mjs); this module hands it the page's catalogue. */
import * as pooling from "./core/pooling.mjs";

const T = window.convdocsExplorer.text;
window.convdocsPooling = {
  c_div: (a, b) => pooling.c_div(a, b, T),
  output_size: (size, kernel, padding, stride, dilation, ceil_mode) => pooling.output_size(size, kernel, padding, stride, dilation, ceil_mode, T),
  ceil_windows: (size, kernel, padding, stride, dilation) => pooling.ceil_windows(size, kernel, padding, stride, dilation, T),
  max_pool: (cfg) => pooling.max_pool(cfg, T),
  avg_pool: (cfg) => pooling.avg_pool(cfg, T),
  divisor: pooling.divisor,
  formula: (p, a) => pooling.formula(p, a, T),
  layerCode: pooling.layerCode,
  layerBuild: pooling.layerBuild,
  compute: (name, cfg) => pooling.compute(name, cfg, T),
  LAYERS: { MaxPool2d: (cfg) => pooling.max_pool(cfg, T), AvgPool2d: (cfg) => pooling.avg_pool(cfg, T) },
};
