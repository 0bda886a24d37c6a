#include "manifest.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "fd.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"

namespace mcpc::registry::store {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr std::uintmax_t kMaxManifestBytes = 16u << 20;
constexpr std::size_t kMaxFileNameLength = 1024;

[[noreturn]] void refuse(const std::string& message) { throw RegistryError(RegistryError::Kind::Invalid, message); }

bool has_control_char(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Why a path inside a manifest or an archive is unsafe to use, or empty when it is fine.
std::string unsafe_path(std::string_view p) {
  if (p.empty()) return "is empty";
  if (p.size() > kMaxFileNameLength) return "is longer than " + std::to_string(kMaxFileNameLength) + " characters";
  if (has_control_char(p)) return "contains a control character";
  if (p.front() == '/' || p.front() == '\\') return "is absolute";
  if (p.size() >= 2 && p[1] == ':') return "has a drive letter";
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = p.size();
    if (p.substr(start, end - start) == "..") return "has a '..' component";
    start = end + 1;
  }
  return "";
}

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> required_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (!it->is_string()) refuse(std::string("manifest: '") + key + "' must be a string");
  return it->get<std::string>();
}

// A JSON string for messages: quoted, with control bytes escaped, cut at 80 characters.
std::string shown(const std::string& s) {
  std::string cut = s.size() > 80 ? s.substr(0, 80) + "..." : s;
  return json(cut).dump(-1, ' ', true, json::error_handler_t::replace);
}

ManifestArtifact artifact_from(const json& a, const std::string& default_role, const std::string& where) {
  if (!a.is_object()) refuse("manifest: " + where + " must be an object");
  ManifestArtifact out;
  auto file = a.find("file");
  if (file == a.end() || !file->is_string()) refuse("manifest: " + where + " has no 'file' string");
  out.file = file->get<std::string>();
  out.role = string_field(a, "role");
  if (out.role.empty()) out.role = default_role;
  out.media_type = string_field(a, "media_type");
  if (auto s = a.find("size"); s != a.end()) {
    if (!s->is_number_unsigned()) refuse("manifest: " + where + ": 'size' must be a non-negative integer");
    out.size = s->get<std::uint64_t>();
  }
  if (auto h = a.find("sha256"); h != a.end()) {
    if (!h->is_string() || !is_sha256_hex(h->get<std::string>()))
      refuse("manifest: " + where + ": 'sha256' must be 64 lowercase hex characters");
    out.sha256 = h->get<std::string>();
  }
  return out;
}

std::string media_type_for(const std::string& file) {
  auto ends = [&](std::string_view s) {
    return file.size() >= s.size() && file.compare(file.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".tgz") || ends(".tar.gz")) return "application/gzip";
  if (ends(".tar")) return "application/x-tar";
  if (ends(".mcpb") || ends(".zip")) return "application/zip";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace

Manifest read_manifest(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) refuse("cannot read manifest '" + file.string() + "': not a regular file");
  if (fs::file_size(file, ec) > kMaxManifestBytes) refuse("manifest '" + file.string() + "' is larger than 16 MiB");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) refuse("cannot read manifest '" + file.string() + "'");

  Manifest m;
  m.json = read_json(text.str(), "manifest '" + file.string() + "'");
  if (!m.json.is_object()) refuse("manifest '" + file.string() + "' is not a JSON object");
  if (auto f = m.json.find("format"); f != m.json.end() && *f != "mcpc-manifest/1")
    refuse("manifest: unknown format " + shown(f->dump()) + " (this mcpc reads mcpc-manifest/1)");

  auto name = required_string(m.json, "name");
  auto version = required_string(m.json, "version");
  if (!name) refuse("manifest: 'name' is missing");
  if (!version) refuse("manifest: 'version' is missing");
  if (auto p = name_problem(*name)) refuse("refusing server name " + shown(*name) + ": " + *p);
  if (auto p = version_problem(*version)) refuse("refusing version " + shown(*version) + ": " + *p);
  m.name = *name;
  m.version = *version;

  // Every file: `artifacts[]`, the main `artifact`, or a minimal manifest's `package` (path or object).
  std::vector<ManifestArtifact> found;
  if (auto a = m.json.find("artifacts"); a != m.json.end()) {
    if (!a->is_array()) refuse("manifest: 'artifacts' must be an array");
    for (std::size_t i = 0; i < a->size(); ++i)
      found.push_back(artifact_from((*a)[i], "", "artifacts[" + std::to_string(i) + "]"));
  }
  if (auto a = m.json.find("artifact"); a != m.json.end()) found.push_back(artifact_from(*a, "tarball", "'artifact'"));
  if (auto p = m.json.find("package"); p != m.json.end()) {
    if (p->is_string()) {
      ManifestArtifact package;
      package.role = "tarball";
      package.file = p->get<std::string>();
      found.push_back(package);
    } else {
      found.push_back(artifact_from(*p, "tarball", "'package'"));
    }
  }

  fs::path dir = fs::absolute(file, ec).parent_path();
  fs::path real_dir = fs::canonical(dir, ec);
  if (ec) refuse("cannot resolve the manifest's directory '" + dir.string() + "': " + ec.message());
  std::set<std::string> seen;
  for (ManifestArtifact& a : found) {
    if (std::string why = unsafe_path(a.file); !why.empty())
      refuse("refusing artifact path " + shown(a.file) + ": it " + why);
    if (!seen.insert(a.file).second) {
      // The same file listed twice (`artifact` repeated in `artifacts`): digests must agree.
      for (const ManifestArtifact& b : m.artifacts) {
        if (b.file == a.file &&
            ((a.sha256 && b.sha256 && a.sha256 != b.sha256) || (a.size && b.size && a.size != b.size)))
          refuse("manifest lists artifact " + shown(a.file) + " twice with different digests");
      }
      continue;
    }
    if (a.role.empty()) a.role = "file";
    if (a.media_type.empty()) a.media_type = media_type_for(a.file);
    fs::path real = fs::canonical(dir / a.file, ec);
    if (ec) refuse("artifact " + shown(a.file) + " named by the manifest does not exist (" + ec.message() + ")");
    auto [d, r] = std::mismatch(real_dir.begin(), real_dir.end(), real.begin(), real.end());
    if (d != real_dir.end())
      refuse("refusing artifact " + shown(a.file) + ": it resolves outside the manifest's directory");
    if (!fs::is_regular_file(real, ec)) refuse("refusing artifact " + shown(a.file) + ": not a regular file");
    a.source = real;
    m.artifacts.push_back(a);
  }
  return m;
}

bool declared_archive(const ManifestArtifact& a) {
  auto archive_type = [](const std::string& mt) {
    return mt == "application/gzip" || mt == "application/x-tar" || mt == "application/zip";
  };
  return a.role == "tarball" || a.role == "mcpb" || archive_type(a.media_type) || archive_type(media_type_for(a.file));
}

namespace {

// How much of a file's head and tail sniff_archive looks at: ISO 9660's magic sits at 32769, a
// ZIP's end-of-central-directory record within the last 22 + 65535 bytes.
constexpr std::size_t kSniffHeadBytes = 32774;
constexpr std::size_t kZipEndRecordBytes = 22;
constexpr std::size_t kSniffTailBytes = kZipEndRecordBytes + 0xffff;

bool starts_with(std::string_view data, std::string_view magic, std::size_t at = 0) {
  return data.size() >= at + magic.size() && data.compare(at, magic.size(), magic) == 0;
}

std::uint32_t le32(std::string_view d, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 3])) << 24;
}

// A tar header without the ustar magic (V7 tar) still carries a checksum: the byte sum of the
// 512-byte header with the checksum field read as spaces, in octal at offset 148. This is how
// tar and libarchive recognise it.
bool is_tar_header(std::string_view d) {
  if (d.size() < 512 || d[0] == '\0') return false;
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(d[i]);
  std::uint32_t stored = 0;
  bool digits = false;
  for (std::size_t i = 148; i < 156; ++i) {
    char c = d[i];
    if (c >= '0' && c <= '7') {
      stored = stored * 8 + static_cast<std::uint32_t>(c - '0');
      digits = true;
    } else if ((c == ' ' || c == '\0') && !digits) {
      continue;  // leading padding
    } else if (c == ' ' || c == '\0') {
      break;
    } else {
      return false;
    }
  }
  return digits && stored == sum;
}

// The LZMA "alone" header has no magic: a properties byte, a dictionary size that tools only
// ever write as 2^n or 2^n + 2^(n-1), and an unpacked size that is unknown (all ones) or sane.
bool is_lzma_alone(std::string_view d) {
  if (d.size() < 13 || static_cast<unsigned char>(d[0]) > 224) return false;
  std::uint32_t dict = le32(d, 1);
  bool dict_ok = false;
  for (int n = 12; n <= 30 && !dict_ok; ++n) dict_ok = dict == (1u << n) || dict == (1u << n) + (1u << (n - 1));
  if (!dict_ok) return false;
  bool unknown_size = true;
  for (std::size_t i = 5; i < 13; ++i) unknown_size = unknown_size && static_cast<unsigned char>(d[i]) == 0xff;
  return unknown_size || (d[10] == '\0' && d[11] == '\0' && d[12] == '\0');  // below 2^40 bytes
}

std::uint16_t le16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(d[at]) | static_cast<unsigned char>(d[at + 1]) << 8);
}

std::uint64_t le64(std::string_view d, std::size_t at) {
  return static_cast<std::uint64_t>(le32(d, at)) | static_cast<std::uint64_t>(le32(d, at + 4)) << 32;
}

// Where in `tail` the ZIP end-of-central-directory record starts that ends the file exactly
// (its comment length says so), or npos: unzip finds a ZIP this way even behind other data
// (self-extracting archives).
std::size_t zip_end_record(std::string_view tail) {
  constexpr std::string_view kSignature("PK\x05\x06", 4);
  std::size_t found = std::string_view::npos;
  // Forward, so the search runs at memchr speed; the last match that ends the file wins.
  for (std::size_t at = tail.find(kSignature); at != std::string_view::npos && at + kZipEndRecordBytes <= tail.size();
       at = tail.find(kSignature, at + 1)) {
    if (at + kZipEndRecordBytes + le16(tail, at + 20) == tail.size()) found = at;
  }
  return found;
}

bool ends_with_zip_directory(std::string_view tail) { return zip_end_record(tail) != std::string_view::npos; }

// The last `n` bytes of `in` (a file of `size` bytes).
std::string read_tail(std::ifstream& in, std::uintmax_t size, std::size_t n) {
  std::string tail(static_cast<std::size_t>(std::min<std::uintmax_t>(size, n)), '\0');
  in.clear();
  in.seekg(static_cast<std::streamoff>(size - tail.size()));
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  tail.resize(static_cast<std::size_t>(in.gcount()));
  return tail;
}

}  // namespace

std::optional<std::string> sniff_archive(const fs::path& file) {
  // POSIX reads, not a stream: publish sniffs every artifact, and most are small.
  Fd opened(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  int fd = opened.get();
  if (fd < 0) refuse("cannot read artifact '" + file.string() + "'");
  struct stat st {};
  if (::fstat(fd, &st) != 0) refuse("cannot read artifact '" + file.string() + "'");
  auto size = static_cast<std::uint64_t>(st.st_size);
  auto read_at = [&](std::uint64_t offset, std::size_t n) {
    std::string bytes(n, '\0');
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd, bytes.data() + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    bytes.resize(got);
    return bytes;
  };
  std::string head = read_at(0, static_cast<std::size_t>(std::min<std::uint64_t>(size, kSniffHeadBytes)));
  std::string_view d = head;

  // Compressed streams (whatever they hold: the check looks inside).
  if (starts_with(d, "\x1f\x8b")) return "gzip";
  if (starts_with(d, "\x1f\x9d")) return "compress";
  if (starts_with(d, "BZh") && d.size() >= 10 && d[3] >= '1' && d[3] <= '9' &&
      (starts_with(d, "\x31\x41\x59\x26\x53\x59", 4) || starts_with(d, "\x17\x72\x45\x38\x50\x90", 4)))
    return "bzip2";
  if (starts_with(d, std::string_view("\xfd"
                                      "7zXZ\x00",
                                      6)))
    return "xz";
  if (starts_with(d, "\x28\xb5\x2f\xfd")) return "zstd";
  if (starts_with(d, "\x04\x22\x4d\x18")) return "lz4";
  if (starts_with(d, "LZIP")) return "lzip";
  // Archives.
  if (starts_with(d, "PK\x03\x04") || starts_with(d, "PK\x05\x06") || starts_with(d, "PK\x07\x08")) return "zip";
  if (starts_with(d, "ustar", 257) || is_tar_header(d)) return "tar";
  if (starts_with(d, "7z\xbc\xaf\x27\x1c")) return "7-Zip";
  if (starts_with(d, "Rar!\x1a\x07")) return "RAR";
  if (starts_with(d, "070707") || starts_with(d, "070701") || starts_with(d, "070702") || starts_with(d, "\xc7\x71") ||
      starts_with(d, "\x71\xc7"))
    return "cpio";
  if (starts_with(d, "!<arch>\n")) return "ar";
  if (starts_with(d, "xar!")) return "xar";
  if (starts_with(d, "MSCF") && d.size() >= 8 && le32(d, 4) == 0) return "cab";
  if (starts_with(d, "CD001", 32769)) return "ISO 9660";
  if (is_lzma_alone(d)) return "lzma";

  // A ZIP behind other bytes.
  if (size < kZipEndRecordBytes) return std::nullopt;
  std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(size, kSniffTailBytes));
  std::string tail = size <= head.size() ? head : read_at(size - tail_size, tail_size);
  if (ends_with_zip_directory(tail)) return "zip with data before it";
  return std::nullopt;
}

namespace {

// libarchive leaves the error string NULL for some failures (a fuzzer found a truncated ZIP).
std::string archive_error(struct archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unreadable data";
}

std::string human_bytes(std::uint64_t n) {
  if (n >= (1ull << 30) && n % (1ull << 30) == 0) return std::to_string(n >> 30) + " GiB";
  if (n >= (1ull << 20) && n % (1ull << 20) == 0) return std::to_string(n >> 20) + " MiB";
  if (n >= (1ull << 10) && n % (1ull << 10) == 0) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " bytes";
}

// The names in a ZIP's central directory: what unzip and most libraries extract by. libarchive
// takes each entry's name from its local header instead, so a ZIP whose two name lists differ
// would pass its check with the harmless list. Walked here, header by header, bounds-checked.
void check_zip_directory_names(const fs::path& file, const std::string& name, const ArchiveLimits& limits) {
  auto damaged = [&](const std::string& why) {
    refuse("artifact " + shown(name) + " is a damaged ZIP archive: " + why);
  };
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  std::uintmax_t size = fs::file_size(file, ec);
  if (!in || ec) refuse("cannot read artifact " + shown(name));
  std::string tail = read_tail(in, size, kSniffTailBytes);
  std::size_t end = zip_end_record(tail);
  if (end == std::string_view::npos) damaged("no end-of-central-directory record");
  std::uint64_t end_offset = size - tail.size() + end;  // of the record, in the file
  std::uint64_t entries = le16(tail, end + 10), dir_size = le32(tail, end + 12);
  std::uint64_t dir_end = end_offset;  // the directory ends where the end records begin
  constexpr std::size_t kZip64LocatorBytes = 20, kZip64RecordBytes = 56;
  bool has_locator = end >= kZip64LocatorBytes && starts_with(tail, "PK\x06\x07", end - kZip64LocatorBytes);
  if (has_locator || entries == 0xffff || dir_size == 0xffffffff || le32(tail, end + 16) == 0xffffffff) {
    // ZIP64: a locator just before the record points at the ZIP64 end record, which normally
    // sits right before the locator (the locator's offset is wrong behind a self-extractor stub).
    if (!has_locator) damaged("a ZIP64 archive without its locator");
    auto z64_at = [&](std::uint64_t at) -> std::optional<std::string> {
      if (at > size - kZip64RecordBytes) return std::nullopt;
      std::string z(kZip64RecordBytes, '\0');
      in.clear();
      in.seekg(static_cast<std::streamoff>(at));
      in.read(z.data(), static_cast<std::streamsize>(z.size()));
      if (in.gcount() != static_cast<std::streamsize>(z.size()) || !starts_with(z, "PK\x06\x06")) return std::nullopt;
      return z;
    };
    std::uint64_t record = end_offset >= kZip64LocatorBytes + kZip64RecordBytes
                               ? end_offset - kZip64LocatorBytes - kZip64RecordBytes
                               : size;
    std::optional<std::string> z = z64_at(record);
    if (!z) z = z64_at(record = le64(tail, end - kZip64LocatorBytes + 8));
    if (!z) damaged("a ZIP64 end record that is not where its locator says");
    entries = le64(*z, 32);
    dir_size = le64(*z, 40);
    dir_end = record;
  }
  if (entries > limits.max_entries) {
    refuse("refusing archive " + shown(name) + ": it has more than " + std::to_string(limits.max_entries) + " entries");
  }
  // Counted back from the end records, as unzip does: right even behind a self-extractor stub.
  if (dir_size > dir_end) damaged("a central directory larger than the file");
  in.clear();
  in.seekg(static_cast<std::streamoff>(dir_end - dir_size));
  std::uint64_t left = dir_size;
  std::string header(46, '\0'), entry_name;
  for (std::uint64_t i = 0; i < entries; ++i) {
    if (left < header.size()) damaged("the central directory ends inside an entry");
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    if (in.gcount() != static_cast<std::streamsize>(header.size()) || !starts_with(header, "PK\x01\x02")) {
      damaged("entry " + std::to_string(i) + " of the central directory is not an entry");
    }
    std::uint64_t name_size = le16(header, 28), skip = std::uint64_t{le16(header, 30)} + le16(header, 32);
    if (left < header.size() + name_size + skip) damaged("the central directory ends inside an entry");
    left -= header.size() + name_size + skip;
    entry_name.assign(name_size, '\0');
    in.read(entry_name.data(), static_cast<std::streamsize>(name_size));
    if (in.gcount() != static_cast<std::streamsize>(name_size)) damaged("the central directory is cut short");
    if (std::string why = unsafe_path(entry_name); !why.empty()) {
      refuse("refusing archive " + shown(name) + ": entry " + shown(entry_name) + " " + why);
    }
    in.seekg(static_cast<std::streamoff>(skip), std::ios::cur);
  }
}

enum class Reader { General, ZipCentralDirectory, ZipLocalHeaders };

// One pass over every entry of `file` with the formats `reader` selects.
void check_entries(const fs::path& file, const std::string& name, Reader reader, bool compressed,
                   const ArchiveLimits& limits) {
  auto refuse_archive = [&](const std::string& why) { refuse("refusing archive " + shown(name) + ": " + why); };
  std::error_code ec;
  std::uint64_t packed = fs::file_size(file, ec);
  if (ec) refuse("cannot read artifact " + shown(name));  // else the ratio check would divide by (uintmax_t)-1
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_read_new(), archive_read_free);
  if (!a) refuse("out of memory reading artifact " + shown(name));
  archive_read_support_filter_all(a.get());
  switch (reader) {
    case Reader::ZipCentralDirectory:
      archive_read_support_format_zip_seekable(a.get());
      break;
    case Reader::ZipLocalHeaders:
      archive_read_support_format_zip_streamable(a.get());
      break;
    case Reader::General:
      // Every format tar, unzip or bsdtar would unpack, never mtree (it names files on this
      // machine). raw only behind a compression filter: a compressed file that is not an
      // archive has no entries to check.
      archive_read_support_format_tar(a.get());
      archive_read_support_format_zip(a.get());
      archive_read_support_format_7zip(a.get());
      archive_read_support_format_cpio(a.get());
      archive_read_support_format_ar(a.get());
      archive_read_support_format_rar(a.get());
      archive_read_support_format_rar5(a.get());
      archive_read_support_format_xar(a.get());
      archive_read_support_format_cab(a.get());
      archive_read_support_format_iso9660(a.get());
      if (compressed) archive_read_support_format_raw(a.get());
      break;
  }
  if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK)
    refuse("artifact " + shown(name) + " is not a readable archive: " + archive_error(a.get()));
  // The bottom filter is "none"; each one above it is a compression layer.
  int layers = archive_filter_count(a.get()) - 1;
  if (layers > static_cast<int>(limits.max_compression_layers)) {
    refuse_archive("it is compressed " + std::to_string(layers) + " times over (nested compression is refused)");
  }

  std::uint64_t total = 0, entries = 0;
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    if (archive_format(a.get()) == ARCHIVE_FORMAT_RAW) return;  // a compressed file, not an archive
    if (++entries > limits.max_entries) {
      refuse_archive("it has more than " + std::to_string(limits.max_entries) + " entries");
    }
    const char* path = archive_entry_pathname(entry);
    std::string p = path ? path : "";
    if (std::string why = unsafe_path(p); !why.empty()) refuse_archive("entry " + shown(p) + " " + why);
    if (const char* target = archive_entry_hardlink(entry)) {
      if (std::string why = unsafe_path(target); !why.empty())
        refuse_archive("hard link " + shown(p) + " points to a path that " + why);
    }
    if (const char* target = archive_entry_symlink(entry)) {
      if (std::string why = unsafe_path(target); !why.empty())
        refuse_archive("symlink " + shown(p) + " points to a path that " + why);
    }
    mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO || type == AE_IFSOCK) {
      refuse_archive("entry " + shown(p) + " is a device, FIFO or socket");
    }
    if (type != AE_IFDIR && (archive_entry_perm(entry) & (S_ISUID | S_ISGID)) != 0) {
      refuse_archive("entry " + shown(p) + " is set-user-ID or set-group-ID");
    }
    auto too_big = [&](std::uint64_t entry_bytes) {
      if (entry_bytes > limits.max_entry_bytes) {
        refuse_archive("entry " + shown(p) + " unpacks to more than " + human_bytes(limits.max_entry_bytes));
      }
      if (total > limits.max_unpacked_bytes) {
        refuse_archive("it unpacks to more than " + human_bytes(limits.max_unpacked_bytes));
      }
      if (total > limits.ratio_grace_bytes && total / std::max<std::uint64_t>(packed, 1) >= limits.max_ratio) {
        refuse_archive("it unpacks to more than " + std::to_string(limits.max_ratio) + " times its " +
                       std::to_string(packed) + " bytes (a decompression bomb?)");
      }
    };
    // A declared size (a sparse tar entry's included) is what an unpacker writes.
    std::uint64_t declared = 0;
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0) {
      declared = static_cast<std::uint64_t>(archive_entry_size(entry));
      too_big(declared);
    }
    // Read the data ourselves rather than let the next header skip it: skipping inflates the
    // whole entry with no way to stop.
    std::uint64_t entry_bytes = 0, logical = declared;
    const void* block = nullptr;
    std::size_t block_size = 0;
    la_int64_t offset = 0;
    int data_rc;
    while ((data_rc = archive_read_data_block(a.get(), &block, &block_size, &offset)) == ARCHIVE_OK ||
           data_rc == ARCHIVE_WARN) {
      entry_bytes += block_size;
      total += block_size;
      // Sparse entries skip their holes: what an unpacker writes ends at offset + size.
      std::uint64_t end = offset > 0 ? static_cast<std::uint64_t>(offset) + block_size : 0;
      logical = std::max({logical, entry_bytes, end});
      too_big(logical);
    }
    if (data_rc != ARCHIVE_EOF) {
      refuse("artifact " + shown(name) + " is a damaged archive: entry " + shown(p) + ": " + archive_error(a.get()));
    }
    // Holes count too: many sparse entries would fill a disk without sparse files.
    total += logical - entry_bytes;
    too_big(logical);
  }
  if (rc != ARCHIVE_EOF) refuse("artifact " + shown(name) + " is a damaged archive: " + archive_error(a.get()));
}

}  // namespace

void check_archive(const fs::path& archive_file, const std::string& name, const ArchiveLimits& limits) {
  std::optional<std::string> kind = sniff_archive(archive_file);
  if (kind && kind->rfind("zip", 0) == 0) {
    // unzip and most libraries trust the central directory; streaming unpackers (and Java's
    // ZipInputStream) the local headers, and may find entries the directory does not list. A
    // ZIP whose two lists differ must pass both.
    check_zip_directory_names(archive_file, name, limits);
    check_entries(archive_file, name, Reader::ZipCentralDirectory, false, limits);
    if (*kind == "zip") check_entries(archive_file, name, Reader::ZipLocalHeaders, false, limits);
    return;
  }
  bool compressed = kind && (*kind == "gzip" || *kind == "bzip2" || *kind == "xz" || *kind == "lzma" ||
                             *kind == "zstd" || *kind == "lz4" || *kind == "compress" || *kind == "lzip");
  check_entries(archive_file, name, Reader::General, compressed, limits);
}

void check_artifact(const fs::path& staged, const ManifestArtifact& artifact, const ArchiveLimits& limits) {
  if (sniff_archive(staged)) {
    check_archive(staged, artifact.file, limits);
  } else if (declared_archive(artifact)) {
    refuse("artifact " + shown(artifact.file) + " is declared an archive (role '" + artifact.role + "', " +
           artifact.media_type + ") but its bytes are not a tar, ZIP or compressed stream");
  }
}

ManifestFacts manifest_facts(const json& m) {
  ManifestFacts f;
  f.title = string_field(m, "title");
  f.description = string_field(m, "description");
  f.runtime = string_field(m, "runtime");
  f.server_type = string_field(m, "server_type");
  if (f.server_type.empty()) f.server_type = "local";
  f.registry_name = string_field(m, "registry_name");
  if (auto t = m.find("transports"); t != m.end() && t->is_array()) {
    for (const json& tr : *t) {
      if (tr.is_object() && string_field(tr, "type") == "streamable-http") f.endpoint_url = string_field(tr, "url");
    }
  }
  if (auto md = m.find("metadata"); md != m.end() && md->is_object()) {
    f.author = string_field(*md, "author");
    auto url_of = [&](const char* key) {
      auto it = md->find(key);
      if (it == md->end()) return std::string();
      if (it->is_object()) return string_field(*it, "url");
      return it->is_string() ? it->get<std::string>() : std::string();
    };
    f.repository_url = url_of("repository");
    f.documentation_url = url_of("documentation");
    if (auto tags = md->find("tags"); tags != md->end() && tags->is_array()) {
      for (const json& t : *tags) {
        if (t.is_string()) f.tags.push_back(t.get<std::string>());
      }
    }
  }
  if (auto tools = m.find("tools"); tools != m.end() && tools->is_array()) {
    for (const json& t : *tools) {
      if (!t.is_object() || !t.contains("name") || !t["name"].is_string()) continue;
      ManifestFacts::Tool tool{t["name"].get<std::string>(), string_field(t, "description"), "{}",
                               string_field(t, "category")};
      if (auto s = t.find("input_schema"); s != t.end()) tool.input_schema = s->dump();
      f.tools.push_back(std::move(tool));
    }
  }
  return f;
}

}  // namespace mcpc::registry::store
