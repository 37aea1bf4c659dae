#include "report_pictures.h"

#include "model_input.h"

#include <QCoreApplication>
#include <QFont>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace tgc {

QColor modelColour(int k) {
    static const QColor colours[] = {QColor(255, 140, 0),  QColor(0, 170, 255),
                                     QColor(230, 40, 200), QColor(240, 220, 0),
                                     QColor(150, 90, 255), QColor(255, 60, 60)};
    return colours[k % int(std::size(colours))];
}

namespace {

const QColor kAnnotation(40, 210, 80);
constexpr int kPanel = 256;  // longer side of a panel, px
constexpr int kCaption = 40; // caption band above a panel

std::size_t countOnSlice(const std::vector<std::uint8_t>& mask, std::size_t sliceVoxels, int z) {
    if (mask.empty())
        return 0;
    const auto begin = mask.begin() + std::ptrdiff_t(std::size_t(z) * sliceVoxels);
    return std::size_t(std::count(begin, begin + std::ptrdiff_t(sliceVoxels), 1));
}

QImage greyImage(const ImageVolume& image, int z) {
    // The same window the model sees (CT soft tissue, 8-bit as is), so the
    // reader judges the masks on the picture the models were given.
    const WindowLevel window = modelInputWindow(image, ModelInputConvention{});
    const std::vector<float> unit = unitSlice(image, z, window);
    const int w = image.dims()[0], h = image.dims()[1];
    QImage grey(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(grey.scanLine(y));
        for (int x = 0; x < w; ++x) {
            int v = int(std::lround(unit[std::size_t(y) * w + x] * 255.0));
            if (image.invertForDisplay)
                v = 255 - v;
            line[x] = qRgb(v, v, v);
        }
    }
    return grey;
}

QImage overlay(const QImage& grey, const std::vector<std::uint8_t>& mask, std::size_t offset,
               const QColor& colour) {
    QImage out = grey.copy();
    const int w = grey.width(), h = grey.height();
    auto inside = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h && mask[offset + std::size_t(y) * w + x];
    };
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < w; ++x) {
            if (!inside(x, y))
                continue;
            const bool edge =
                !inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1);
            const double a = edge ? 1.0 : 0.4; // solid outline, see-through fill
            const QRgb p = line[x];
            line[x] = qRgb(int(qRed(p) * (1 - a) + colour.red() * a),
                           int(qGreen(p) * (1 - a) + colour.green() * a),
                           int(qBlue(p) * (1 - a) + colour.blue() * a));
        }
    }
    return out;
}

} // namespace

int montageSlice(const ComparisonCase& c, const std::vector<std::vector<std::uint8_t>>& masks) {
    const auto& dims = c.image.dims();
    const std::size_t sliceVoxels = c.image.geometry().sliceVoxelCount();
    int best = dims[2] / 2;
    std::size_t bestCount = 0;
    for (int z = 0; z < dims[2]; ++z) {
        std::size_t count = countOnSlice(c.reference, sliceVoxels, z);
        if (c.reference.empty())
            for (const auto& mask : masks)
                count += countOnSlice(mask, sliceVoxels, z);
        if (count > bestCount) {
            best = z;
            bestCount = count;
        }
    }
    return best;
}

QImage renderMontage(const ComparisonCase& c, const std::vector<std::vector<std::uint8_t>>& masks,
                     const QStringList& modelNames, const std::vector<double>& dice) {
    const int z = montageSlice(c, masks);
    const std::size_t offset = std::size_t(z) * c.image.geometry().sliceVoxelCount();
    const QImage grey = greyImage(c.image, z);
    // Square-ish pixels in mm: scale by spacing so anisotropic images keep their shape.
    const double sx = c.image.geometry().spacing[0], sy = c.image.geometry().spacing[1];
    const double mmW = grey.width() * sx, mmH = grey.height() * sy;
    const double scale = kPanel / std::max(mmW, mmH);
    const QSize panel(std::max(1, int(std::lround(mmW * scale))),
                      std::max(1, int(std::lround(mmH * scale))));

    struct Panel {
        QImage image;
        QString title, detail;
        QColor colour;
    };
    std::vector<Panel> panels;
    // The prompt under the case name: a montage read alone says what was asked.
    QString where = QStringLiteral("“%1”").arg(c.report);
    if (c.image.dims()[2] > 1)
        where =
            QCoreApplication::translate("tgc::ComparisonReport", "slice %1  %2").arg(z).arg(where);
    panels.push_back({grey, c.id, where, Qt::white});
    if (!c.reference.empty())
        panels.push_back({overlay(grey, c.reference, offset, kAnnotation),
                          QCoreApplication::translate("tgc::ComparisonReport", "annotation"),
                          QString(), kAnnotation});
    for (int m = 0; m < int(masks.size()); ++m) {
        const QString detail = c.reference.empty()
                                   ? QString()
                                   : QCoreApplication::translate("tgc::ComparisonReport", "Dice %1")
                                         .arg(dice[std::size_t(m)], 0, 'f', 3);
        panels.push_back({overlay(grey, masks[std::size_t(m)], offset, modelColour(m)),
                          modelNames.value(m), detail, modelColour(m)});
    }

    const int gap = 6;
    QImage out(int(panels.size()) * (panel.width() + gap) + gap, kCaption + panel.height() + gap,
               QImage::Format_RGB32);
    out.fill(QColor(24, 24, 24));
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    QFont font = painter.font();
    font.setPixelSize(13);
    painter.setFont(font);
    for (int i = 0; i < int(panels.size()); ++i) {
        const int x = gap + i * (panel.width() + gap);
        painter.drawImage(QRect(QPoint(x, kCaption), panel), panels[std::size_t(i)].image);
        painter.setPen(panels[std::size_t(i)].colour);
        const QRect line1(x, 2, panel.width(), 18), line2(x, 20, panel.width(), 18);
        painter.drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(panels[std::size_t(i)].title,
                                                          Qt::ElideMiddle, panel.width()));
        painter.setPen(QColor(220, 220, 220));
        painter.drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(panels[std::size_t(i)].detail,
                                                          Qt::ElideRight, panel.width()));
    }
    return out;
}

namespace {

// Linear interpolation between order statistics (Hyndman & Fan type 7).
double quantile(const std::vector<double>& sorted, double q) {
    const double position = q * double(sorted.size() - 1);
    const std::size_t below = std::size_t(std::floor(position));
    const std::size_t above = std::min(sorted.size() - 1, below + 1);
    return sorted[below] + (position - double(below)) * (sorted[above] - sorted[below]);
}

} // namespace

QImage renderDiceBoxPlot(const QStringList& modelNames,
                         const std::vector<std::vector<double>>& dicePerModel) {
    const int n = int(dicePerModel.size());
    const int left = 56, right = 20, top = 30, bottom = 60, column = 140;
    const int width = left + right + std::max(1, n) * column, height = 420;
    QImage out(width, height, QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPixelSize(12);
    painter.setFont(font);
    const int plotHeight = height - top - bottom;
    auto yOf = [&](double dice) { return top + (1.0 - dice) * plotHeight; };

    painter.setPen(Qt::black);
    painter.drawText(QRect(0, 4, width, 20), Qt::AlignCenter,
                     QCoreApplication::translate("tgc::ComparisonReport", "Dice per case"));
    for (int tick = 0; tick <= 10; tick += 2) {
        const double y = yOf(tick / 10.0);
        painter.setPen(QColor(225, 225, 225));
        painter.drawLine(QPointF(left, y), QPointF(width - right, y));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(0, y - 8, left - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(tick / 10.0, 'f', 1));
    }
    painter.drawLine(left, top, left, top + plotHeight);

    for (int m = 0; m < n; ++m) {
        const double cx = left + column * (m + 0.5);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(cx - column / 2.0, top + plotHeight + 8, column, 40),
                         Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                         QStringLiteral("%1\n(n = %2)")
                             .arg(modelNames.value(m))
                             .arg(dicePerModel[std::size_t(m)].size()));
        std::vector<double> v = dicePerModel[std::size_t(m)];
        if (v.empty())
            continue;
        std::sort(v.begin(), v.end());
        const double q1 = quantile(v, 0.25), median = quantile(v, 0.5), q3 = quantile(v, 0.75);
        const double iqr = q3 - q1;
        double low = q3, high = q1;
        for (double d : v) {
            if (d >= q1 - 1.5 * iqr)
                low = std::min(low, d);
            if (d <= q3 + 1.5 * iqr)
                high = std::max(high, d);
        }
        const double half = column * 0.25;
        QColor fill = modelColour(m);
        fill.setAlpha(110);
        painter.setPen(QPen(Qt::black, 1.2));
        painter.drawLine(QPointF(cx, yOf(high)), QPointF(cx, yOf(q3)));
        painter.drawLine(QPointF(cx, yOf(q1)), QPointF(cx, yOf(low)));
        painter.drawLine(QPointF(cx - half / 2, yOf(high)), QPointF(cx + half / 2, yOf(high)));
        painter.drawLine(QPointF(cx - half / 2, yOf(low)), QPointF(cx + half / 2, yOf(low)));
        painter.setBrush(fill);
        painter.drawRect(QRectF(QPointF(cx - half, yOf(q3)), QPointF(cx + half, yOf(q1))));
        painter.setPen(QPen(Qt::black, 2.5));
        painter.drawLine(QPointF(cx - half, yOf(median)), QPointF(cx + half, yOf(median)));
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(Qt::NoBrush);
        for (double d : v) {
            if (d < low || d > high)
                painter.drawEllipse(QPointF(cx, yOf(d)), 3, 3);
        }
    }
    return out;
}

} // namespace tgc
