// test_viewer: window/level, rendering, reslicing, view transform, SliceView.
// One test class whose slots live in several files by topic.
#pragma once

#include <QObject>

class TestViewer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // test_window_render.cpp
    void windowGreyFollowsDicomLinearFunction();
    void presetsMatchTheIssue();
    void lutAgreesWithWindowFunction();
    void dragWindowWidensAndRaises();
    void rendersKnownVoxelAsKnownGrey();
    void blendsOverlayColour();
    void hiddenLabelsAndZeroOpacityLeaveGrey();
    void invertsMonochrome1();
    void rendersRgbAndFloat();
    void renderSlice512();
    void renderSlice512WindowDrag();
    // test_geometry.cpp
    void reslicesAsymmetricVolume();
    void slicePixelRoundTrip();
    void fitCentresAndKeepsAspect();
    void screenSliceMappingAtZoomAndPan();
    void zoomAboutKeepsPointUnderCursor();
    void oneToOneUsesFinerSpacing();
    // test_slice_view.cpp
    void keysAndWheelMoveSlices();
    void presetKeysSetWindow();
    void rightDragChangesWindow();
    void ctrlWheelZoomsAboutCursor();
    void middleDragPans();
    void leftClickMovesLinkedCursor();
    void toolReceivesSliceEvents();
    void outlineLayersDrawEdgesOnly();
};
