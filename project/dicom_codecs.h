// DCMTK keeps its image codecs in a global registry; these calls fill it once
// per process, safely from any thread.
#pragma once

namespace tgc {

// JPEG (baseline, extended, lossless), JPEG-LS and RLE decoders.
void ensureDicomDecoders();
// The matching encoders, for writing compressed series.
void ensureDicomEncoders();

} // namespace tgc
