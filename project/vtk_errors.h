// VTK reports reader failures as events and console text; this turns them
// into IoError messages and keeps the console quiet.
#pragma once

#include "io_error.h"

#include <QString>
#include <vtkAlgorithm.h>
#include <vtkCommand.h>
#include <vtkSmartPointer.h>

namespace tgc {

class VtkErrorCatcher {
public:
    explicit VtkErrorCatcher(vtkAlgorithm* algorithm);
    ~VtkErrorCatcher();
    VtkErrorCatcher(const VtkErrorCatcher&) = delete;
    VtkErrorCatcher& operator=(const VtkErrorCatcher&) = delete;

    bool failed() const;
    QString message() const;
    // Throws IoError(path, "<format>: <VTK message>") when VTK reported an error.
    void throwIfFailed(const QString& path, const QString& format) const;

private:
    class Observer;
    vtkAlgorithm* m_algorithm;
    vtkSmartPointer<Observer> m_observer;
    unsigned long m_errorTag = 0;
    unsigned long m_warningTag = 0;
};

} // namespace tgc
