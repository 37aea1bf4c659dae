// How a SEG says that its mask began as an accepted model proposal, so the
// team's review reads it back from the PACS: the segment's algorithm name is
// "TGC-Net <model>", and its Segment Description this text followed by the
// Dice from the proposal to the mask ("... to this mask: 0.9340"). No other
// include: the PACS parsers (and their fuzzers) read it too.
#pragma once

namespace tgc {

constexpr const char* kProposalDiceText = "Dice from the accepted proposal to this mask:";

} // namespace tgc
