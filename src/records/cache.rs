//! A derived cache so unchanged records are never parsed twice. It maps a
//! record's git blob id to its lean form (the record without free text:
//! what list, caseload and report need), one line each in
//! `.git/sprx/summaries`: the blob id, a CRC-32 of the id and the entry, and
//! the entry as JSON. Blob ids are content hashes, so an entry can never be
//! stale, and the checksum makes a damaged line a miss, never a figure.
//! New entries are appended; when most lines name blobs the casebook no
//! longer holds, the file is rewritten with only the live ones. A damaged
//! line is skipped (its record is parsed again), a file from another
//! version of sprx is ignored, a missing file is rebuilt; the cache is
//! never committed and readable by its owner only. Records missing from
//! it are parsed in parallel, on every core (or `SPRX_THREADS`). A command
//! that needs less than the lean record reads a [`Summary`] of its own from
//! each line (create's duplicate check reads only who and whether open).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::path::Path;

use crate::model::referral::{Identity, Referral, ReferralId};
use crate::store::Result;
use crate::store::repo::{BlobId, BlobReader, Repo};
use crate::yaml;

/// The first line of the cache file; any other first line means rebuild.
const HEADER: &str = concat!("sprx summaries v4 ", env!("CARGO_PKG_VERSION"));

/// Where each wanted blob id first appears among those wanted.
type Positions = HashMap<BlobId, usize, BuildHasherDefault<IdHasher>>;

/// A hasher for blob ids, which are SHA-1 hashes already: a few multiplies
/// over their bytes spread them as well as SipHash does, in a fraction of
/// its time, on the part of a report that runs on one thread.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Cache lines made together, in parallel, when the cache is rewritten.
const BATCH: usize = 4_096;

/// How many threads to parse with.
pub fn threads() -> usize {
    std::env::var("SPRX_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Run `work` on each of `0..count`, taken in turn by `threads()` threads
/// in all (this one among them: SPRX_THREADS=N means N), and hand each
/// result to `file` on this thread as it comes; the first error stops it.
/// Items are taken in turn because they differ in cost: even shares would
/// leave a thread idle.
fn each_in_parallel<R: Send>(
    count: usize,
    work: impl Fn(usize) -> Result<R> + Sync,
    mut file: impl FnMut(R),
) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || Some(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)).filter(|k| *k < count);
    let helpers = threads().clamp(1, count.max(1)) - 1;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<R>>(2 * helpers.max(1));
        for _ in 0..helpers {
            let send = send.clone();
            let (work, take) = (&work, &take);
            scope.spawn(move || {
                while let Some(k) = take() {
                    let done = work(k);
                    let failed = done.is_err();
                    if send.send(done).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(send);
        while let Some(k) = take() {
            file(work(k)?);
            while let Ok(done) = receive.try_recv() {
                file(done?);
            }
        }
        for done in receive {
            file(done?);
        }
        Ok(())
    })
}

fn cache_path(git_dir: &Path) -> std::path::PathBuf {
    git_dir.join("sprx").join("summaries")
}

/// What a command reads of each record through the cache: the lean record
/// itself, or a smaller view of it that is quicker to read from a cache line.
pub trait Summary: Sized + Clone + Send + Sync {
    /// Whether it holds the lean record, so the cache can be rewritten from
    /// it; views that do not only ever append to the cache.
    const KEEPS_RECORD: bool;
    /// Read from a cache line's JSON; `None` if it is damaged.
    fn from_line(json: &str) -> Option<Self>;
    /// Made from a record just parsed (and cached).
    fn from_record(record: Referral) -> Self;
    /// The lean record, to write its cache line again (see `KEEPS_RECORD`).
    fn record(&self) -> Option<&Referral>;
}

impl Summary for Referral {
    const KEEPS_RECORD: bool = true;
    fn from_line(json: &str) -> Option<Self> {
        serde_json::from_str::<Referral>(json).ok().map(Referral::lean)
    }
    fn from_record(record: Referral) -> Self {
        record
    }
    fn record(&self) -> Option<&Referral> {
        Some(self)
    }
}

impl Summary for Identity {
    const KEEPS_RECORD: bool = false;
    fn from_line(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }
    fn from_record(record: Referral) -> Self {
        Identity::from(&record)
    }
    fn record(&self) -> Option<&Referral> {
        None
    }
}

/// What `S` reads of the records `wanted` (path, blob id), from the cache
/// or by parsing, in the order given.
pub fn summaries<S: Summary>(repo: &Repo, wanted: &[(ReferralId, BlobId)]) -> Result<Vec<S>> {
    let path = cache_path(repo.git_dir());
    let mut position = Positions::with_capacity_and_hasher(wanted.len(), Default::default());
    for (i, (_, oid)) in wanted.iter().enumerate() {
        position.entry(*oid).or_insert(i);
    }
    // One slot per record wanted, made only once there is a cache to fill
    // them from; with none, the parsing threads start first (below).
    let mut slots: Vec<Option<S>> = Vec::new();
    let cached = read_cache(&path, &position, &mut slots, wanted.len());
    let missing: Vec<(usize, &(ReferralId, BlobId))> = wanted
        .iter()
        .enumerate()
        .filter(|(i, (_, oid))| slots.get(*i).is_none_or(Option::is_none) && position[oid] == *i)
        .collect();
    if !missing.is_empty() {
        let reader = repo.reader();
        let live = cached.lines_live + missing.len();
        let total = cached.lines_total + missing.len();
        let appending = cached.usable && (total <= 2 * live + 64 || !S::KEEPS_RECORD);
        let out = if appending {
            private_file(&path, true).ok()
        } else {
            start_rewrite(&path).ok()
        };
        // Each thread appends its own batches' cache lines, one write a
        // batch, so lines never interleave (nor do concurrent sprx
        // processes'). A cache that cannot be written (a read-only
        // casebook) only costs time.
        let out_failed = std::sync::atomic::AtomicBool::new(false);
        let append = |lines: &[u8]| {
            let failed = || out_failed.load(std::sync::atomic::Ordering::Relaxed);
            if let Some(mut file) = out.as_ref().filter(|_| !failed())
                && file.write_all(lines).is_err()
            {
                out_failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let size = (missing.len() / (threads() * 4)).clamp(1, 256);
        let batches: Vec<_> = missing.chunks(size).collect();
        // Parsing runs at some tens of thousands of records a second.
        let progress = crate::render::Progress::new(missing.len(), 20_000, "reading records");
        let parse = |k: usize| {
            parse_blobs(&reader, batches[k]).map(|parsed| {
                append(&parsed.lines);
                progress.add(batches[k].len());
                parsed.records
            })
        };
        each_in_parallel(batches.len(), parse, |parsed| {
            // Made once the first batch is parsed, while the other threads
            // go on: 100,000 empty slots are tens of megabytes of fresh
            // memory.
            if slots.is_empty() {
                slots.resize_with(wanted.len(), || None);
            }
            for (i, record) in parsed {
                slots[i] = Some(S::from_record(record));
            }
        })?;
        if !appending && let Some(file) = out {
            if out_failed.into_inner() {
                // A half-written new cache is of no use: the old one stays.
                drop(file);
                let _ = std::fs::remove_file(temp_path(&path));
            } else {
                let missed: std::collections::HashSet<usize> = missing.iter().map(|(i, _)| *i).collect();
                let _ = finish_rewrite(&path, file, &slots, wanted, &missed);
            }
        }
    }
    // The same blob twice (two identical files) is one entry: copy it.
    for (i, (_, oid)) in wanted.iter().enumerate() {
        if slots[i].is_none() {
            slots[i] = slots[position[oid]].clone();
        }
    }
    // Collected in place: no second copy of the casebook in memory.
    let records: Vec<S> = slots
        .into_iter()
        .map(|r| r.expect("every wanted blob was found or parsed"))
        .collect();
    Ok(records)
}

/// What reading the cache file gave.
#[derive(Default)]
struct Cached {
    /// The header matched: new lines can be appended.
    usable: bool,
    lines_total: usize,
    lines_live: usize,
}

/// How much of the cache file a thread reads at a time.
const CHUNK: usize = 4 << 20;

/// Make `slots` (one per wanted record) once the cache file proves usable,
/// and fill them with the cached entries of wanted blobs. The file is read
/// in chunks, each by whichever thread takes it (never all in memory at
/// once); a chunk holds the lines that start in it.
fn read_cache<S: Summary>(path: &Path, position: &Positions, slots: &mut Vec<Option<S>>, wanted: usize) -> Cached {
    read_cache_in(CHUNK, path, position, slots, wanted)
}

/// [`read_cache`] in chunks of `chunk` bytes.
fn read_cache_in<S: Summary>(
    chunk: usize,
    path: &Path,
    position: &Positions,
    slots: &mut Vec<Option<S>>,
    wanted: usize,
) -> Cached {
    // One handle, read at offsets by every thread: one file, even if the
    // cache is rewritten meanwhile.
    let Ok(file) = File::open(path) else {
        return Cached::default();
    };
    let read_at = |buf: &mut [u8], at: usize| -> std::io::Result<()> {
        #[cfg(unix)]
        return std::os::unix::fs::FileExt::read_exact_at(&file, buf, at as u64);
        #[cfg(not(unix))]
        {
            // A cloned handle would share its position with the others.
            use std::io::{Read, Seek};
            let mut file = File::open(path)?;
            file.seek(std::io::SeekFrom::Start(at as u64))?;
            file.read_exact(buf)
        }
    };
    let header = format!("{HEADER}\n");
    let mut first = vec![0; header.len()];
    let len = file.metadata().map_or(0, |m| m.len() as usize);
    if read_at(&mut first, 0).is_err() || first != header.as_bytes() {
        return Cached::default();
    }
    slots.resize_with(wanted, || None);
    let mut cached = Cached {
        usable: true,
        ..Cached::default()
    };
    let start = header.len();
    let read_chunk = |k: usize| -> Result<(usize, Vec<(BlobId, S)>)> {
        // From the byte before the chunk (the newline ending the line
        // before, if a line starts with the chunk) to the end of the last
        // line that starts in it.
        let (from, end) = (start + k * chunk - 1, (start + (k + 1) * chunk).min(len));
        let mut bytes = Vec::new();
        let mut upto = end;
        loop {
            upto = (upto + (chunk / 64).clamp(1 << 10, 64 << 10)).min(len);
            bytes.resize(upto - from, 0);
            if read_at(&mut bytes, from).is_err() {
                return Ok((0, Vec::new()));
            }
            if upto == len || bytes[end - 1 - from..].contains(&b'\n') {
                break;
            }
        }
        // Where each line ends, found in the runs of valid UTF-8 (a newline
        // is never part of a broken sequence, which only damage makes).
        let mut newlines = Vec::new();
        let mut base = 0;
        for piece in bytes.utf8_chunks() {
            let valid = piece.valid();
            newlines.extend(valid.match_indices('\n').map(|(n, _)| base + n));
            base += valid.len() + piece.invalid().len();
        }
        let (mut lines, mut found) = (0, Vec::new());
        let mut at = newlines.first().map_or(bytes.len(), |n| n + 1);
        for line_end in newlines.iter().skip(1).copied().chain([bytes.len()]) {
            if from + at >= end {
                break;
            }
            // A line that is not UTF-8 is damaged: a miss.
            let line = std::str::from_utf8(&bytes[at..line_end]).unwrap_or_default();
            at = line_end + 1;
            lines += 1;
            let live = line
                .get(..40)
                .and_then(|h| h.parse::<BlobId>().ok())
                .is_some_and(|blob| position.contains_key(&blob));
            found.extend(live.then(|| parse_line::<S>(line)).flatten());
        }
        Ok((lines, found))
    };
    let chunks = len.saturating_sub(start).div_ceil(chunk);
    let filed = each_in_parallel(chunks, read_chunk, |(lines, found)| {
        cached.lines_total += lines;
        for (oid, record) in found {
            let slot = &mut slots[position[&oid]];
            if slot.is_none() {
                cached.lines_live += 1;
                *slot = Some(record);
            }
        }
    });
    filed.expect("reading the cache never fails: what cannot be read is a miss");
    cached
}

/// One cache line, if its checksum holds and its entry reads.
fn parse_line<S: Summary>(line: &str) -> Option<(BlobId, S)> {
    let (blob, rest) = line.split_once('\t')?;
    let (sum, json) = rest.split_once('\t')?;
    if sum != format!("{:08x}", checksum(blob, json)) {
        return None;
    }
    Some((blob.parse().ok()?, S::from_line(json)?))
}

/// The checksum of a cache entry: CRC-32 over its blob id and JSON.
fn checksum(blob: &str, json: &str) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(blob.as_bytes());
    hasher.update(b"\t");
    hasher.update(json.as_bytes());
    hasher.finalize()
}

/// Add the cache line for `record` (blob id, checksum, JSON, each ended
/// by a tab or newline) to `out`.
fn cache_line(out: &mut Vec<u8>, blob: BlobId, record: &Referral) {
    let blob = blob.to_string();
    let json = serde_json::to_string(record).expect("records serialise");
    writeln!(out, "{blob}\t{:08x}\t{json}", checksum(&blob, &json)).expect("writing to memory succeeds");
}

fn private_file(path: &Path, append: bool) -> std::io::Result<File> {
    std::fs::create_dir_all(path.parent().expect("the cache has a folder"))?;
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true)
    } else {
        options.write(true).truncate(true)
    };
    // It holds names and dates of birth: readable by its owner only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A new cache file beside the old one, with its header written.
fn start_rewrite(path: &Path) -> std::io::Result<File> {
    let temp = temp_path(path);
    let _ = std::fs::remove_file(&temp);
    // Appending: several threads write to it.
    let mut file = private_file(&temp, true)?;
    writeln!(file, "{HEADER}")?;
    Ok(file)
}

fn temp_path(path: &Path) -> std::path::PathBuf {
    path.with_file_name(format!(".summaries.{}.tmp", std::process::id()))
}

/// Add the entries that came from the old cache (not `missed`, which were
/// written as they were parsed), then put the new file in place.
fn finish_rewrite<S: Summary>(
    path: &Path,
    file: File,
    slots: &[Option<S>],
    wanted: &[(ReferralId, BlobId)],
    missed: &std::collections::HashSet<usize>,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let old: Vec<usize> = (0..slots.len())
        .filter(|i| !missed.contains(i) && slots[*i].is_some())
        .collect();
    let chunks: Vec<&[usize]> = old.chunks(BATCH).collect();
    let lines = |k: usize| {
        let mut text = Vec::new();
        for &i in chunks[k] {
            if let Some(record) = slots[i].as_ref().and_then(S::record) {
                cache_line(&mut text, wanted[i].1, record);
            }
        }
        Ok(text)
    };
    // Lines go in as they come: their order does not matter.
    let mut written = Ok(());
    let made = each_in_parallel(chunks.len(), lines, |text| {
        if written.is_ok() {
            written = out.write_all(&text);
        }
    });
    made.map_err(std::io::Error::other)?;
    written?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(temp_path(path), path)
}

/// Records parsed together: each one's place among those wanted and its
/// lean form, and their cache lines as one text, which the thread that
/// parsed them appends to the cache in one write.
struct Parsed {
    records: Vec<(usize, Referral)>,
    lines: Vec<u8>,
}

/// Parse record blobs into lean records and their cache lines, reading
/// them with this thread's own handle on the object store.
fn parse_blobs(reader: &BlobReader, items: &[(usize, &(ReferralId, BlobId))]) -> Result<Parsed> {
    let mut parsed = Parsed {
        records: Vec::with_capacity(items.len()),
        lines: Vec::with_capacity(items.len() * 1024),
    };
    let reader = reader.on_this_thread();
    for &(i, (id, blob)) in items {
        let path = id.path();
        let bytes = reader.read(*blob, &path)?;
        let record = yaml::parse::<Referral>(&path, &bytes)?.lean();
        cache_line(&mut parsed.lines, *blob, &record);
        parsed.records.push((i, record));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_line_with_any_byte_changed_is_a_miss() {
        let record: Referral = yaml::parse(
            "x.yaml",
            include_bytes!("../../examples/casebook/referrals/2026/00/SP-2026-0001.yaml"),
        )
        .unwrap();
        let mut line = Vec::new();
        cache_line(&mut line, BlobId::of(b"record"), &record.lean());
        let line = String::from_utf8(line).unwrap();
        let line = line.trim_end();
        assert!(parse_line::<Referral>(line).is_some());
        for at in 0..line.len() {
            let mut damaged = line.as_bytes().to_vec();
            damaged[at] ^= 0x01;
            if let Ok(damaged) = String::from_utf8(damaged) {
                assert!(
                    parse_line::<Referral>(&damaged).is_none(),
                    "byte {at} changed and still read"
                );
            }
        }
    }

    #[test]
    fn the_cache_reads_the_same_whatever_its_chunks() {
        let record = yaml::parse::<Referral>(
            "x.yaml",
            include_bytes!("../../examples/casebook/referrals/2026/00/SP-2026-0001.yaml"),
        )
        .unwrap()
        .lean();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summaries");
        // Lines of different lengths, some for blobs not wanted, one damaged
        // and one not even UTF-8.
        let mut text = format!("{HEADER}\n").into_bytes();
        let mut position = Positions::default();
        for i in 0..300u32 {
            let mut record = record.clone();
            record.person.name = "Zoë ".repeat(i as usize % 37);
            let blob = BlobId::of(&i.to_be_bytes());
            let mut line = Vec::new();
            cache_line(&mut line, blob, &record);
            match i % 50 {
                7 => line[60] ^= 1,
                8 => line[70] = 0xff,
                _ => {}
            }
            if i % 3 != 0 {
                position.insert(blob, position.len());
            }
            text.extend(line);
        }
        std::fs::write(&path, &text).unwrap();
        let read = |chunk: usize| {
            let mut slots: Vec<Option<Referral>> = Vec::new();
            let cached = read_cache_in(chunk, &path, &position, &mut slots, position.len());
            let names: Vec<Option<String>> = slots.into_iter().map(|s| s.map(|r| r.person.name)).collect();
            (cached.lines_total, cached.lines_live, names)
        };
        let whole = read(usize::MAX / 2);
        assert_eq!(whole.0, 300);
        // The damaged lines among the wanted are misses.
        assert_eq!(whole.1, 200 - 8);
        for chunk in (100..1400).step_by(7).chain([4096, 20_000]) {
            assert_eq!(read(chunk), whole, "chunks of {chunk} bytes");
        }
    }
}
