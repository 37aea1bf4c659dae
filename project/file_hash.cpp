#include "file_hash.h"

#include "io_error.h"

#include <QFile>
#include <memory>
#include <openssl/evp.h>
#include <vector>

namespace tgc {

QString sha256OfFiles(const QStringList& files) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw IoError(files.value(0), QStringLiteral("cannot start a SHA-256 (libcrypto)"));
    std::vector<char> block(1 << 20);
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            throw IoError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
        for (;;) {
            const qint64 n = file.read(block.data(), qint64(block.size()));
            if (n < 0)
                throw IoError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
            if (n == 0)
                break;
            EVP_DigestUpdate(context.get(), block.data(), std::size_t(n));
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context.get(), digest, &size);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(digest), int(size)).toHex());
}

} // namespace tgc
