// A dark Fusion palette: images read better on a dark surround, as in
// radiology reading rooms.
#pragma once

namespace tgc {
void applyDarkStyle();
} // namespace tgc
