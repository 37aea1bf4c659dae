#include "vtk_errors.h"

#include <vtkExecutive.h>

namespace tgc {

class VtkErrorCatcher::Observer : public vtkCommand {
public:
    static Observer* New() { return new Observer; }
    void Execute(vtkObject*, unsigned long event, void* data) override {
        if (event == vtkCommand::ErrorEvent) {
            failed = true;
            if (data && message.isEmpty())
                message = QString::fromLocal8Bit(static_cast<const char*>(data)).trimmed();
        }
    }
    bool failed = false;
    QString message;
};

VtkErrorCatcher::VtkErrorCatcher(vtkAlgorithm* algorithm)
    : m_algorithm(algorithm), m_observer(vtkSmartPointer<Observer>::New()) {
    m_errorTag = algorithm->AddObserver(vtkCommand::ErrorEvent, m_observer);
    m_warningTag = algorithm->AddObserver(vtkCommand::WarningEvent, m_observer);
}

VtkErrorCatcher::~VtkErrorCatcher() {
    m_algorithm->RemoveObserver(m_errorTag);
    m_algorithm->RemoveObserver(m_warningTag);
}

bool VtkErrorCatcher::failed() const {
    return m_observer->failed || m_algorithm->GetErrorCode() != 0;
}

QString VtkErrorCatcher::message() const {
    // VTK messages start with "ERROR: In <source file>, line N\n<class> (<ptr>): text".
    QString text = m_observer->message;
    const int colon = text.lastIndexOf(QLatin1String("): "));
    if (colon >= 0)
        text = text.mid(colon + 3);
    return text.simplified();
}

void VtkErrorCatcher::throwIfFailed(const QString& path, const QString& format) const {
    if (!failed())
        return;
    const QString detail = message();
    throw IoError(
        path,
        QStringLiteral("damaged or truncated %1 file%2")
            .arg(format, detail.isEmpty() ? QString() : QStringLiteral(" (VTK: %1)").arg(detail)));
}

} // namespace tgc
