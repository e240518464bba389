"""Rendition benchmark (not a test): seconds on one core and peak memory per photo.

    uv run python bench/renditions.py                  # every case, every variant
    uv run python bench/renditions.py --cases jpeg24 --variants before current
    uv run python bench/renditions.py --quality        # PSNR of each rendition too

Cases (bench/photo_samples.py makes them, the same every run; cached in --samples):
a 24 MP camera JPEG with EXIF, a 12 MP phone HEIC (where pillow-heif is installed) and
a PNG screenshot. Each case runs through every rendition, once per variant:

- before: the pipeline as it was (full decode, every width resized from the full
  image, AVIF speed 7, WebP method 4), kept here as the baseline of the same run;
- then one idea at a time on top of it (draft-mode decode, resizing each width from the
  previous, AVIF speed, WebP method), and `current`: what photos/renditions.py and
  photos/imaging.py do now (decode_file, iter_renditions, SAVE_OPTIONS).

Each case and variant runs in a child process pinned to one core
(os.sched_setaffinity), so that its seconds are one core's (CPU seconds, from
time.process_time: on a shared machine, wall-clock time also counts the other
processes' turns on that core, process time does not) and its peak memory (the
kernel's high-water mark of resident memory: C allocations included, which tracemalloc
misses) is its own; the fastest of --repeat runs counts. The child reports the decode,
each width and format, the total and the peak; `idle` is its peak before the photo is
decoded (Python, Django, Pillow and the file's bytes), for reference.
"""

import argparse
import io
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

CASES = {
    "jpeg24": ("photo-24mp.jpg", "jpeg_photo"),
    "heic12": ("photo-12mp.heic", "heic_photo"),
    "png": ("screenshot.png", "png_screenshot"),
}
# The encoder settings before this benchmark existed (commit 62b107f's SAVE_OPTIONS).
BEFORE_OPTIONS = {
    "avif": {"quality": 60, "speed": 7},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
}
# variant -> (draft decode, resize from the previous width, option changes per format)
VARIANTS = {
    "before": (False, False, {}),
    "draft": (True, False, {}),
    "draft+cascade": (True, True, {}),
    "draft+cascade+avif8": (True, True, {"avif": {"speed": 8}}),
    "draft+cascade+avif9": (True, True, {"avif": {"speed": 9}}),
    "draft+cascade+avif8+webp2": (True, True, {"avif": {"speed": 8}, "webp": {"method": 2}}),
    "draft+cascade+avif9+webp2": (True, True, {"avif": {"speed": 9}, "webp": {"method": 2}}),
    # current: AVIF speed 9 from 1600 px wide, 8 below it; WebP method 2 (save_options)
    "current": None,
}


def sample_path(folder: Path, case: str) -> Path | None:
    """The case's sample file, made once per folder (the HEIC takes x265 half a minute)."""
    from bench import photo_samples

    name, maker = CASES[case]
    path = folder / name
    if not path.exists():
        data = getattr(photo_samples, maker)()
        if data is None:
            return None
        path.write_bytes(data)
    return path


# --- in the child: one case, one variant, one core ---------------------------------------


def pin_to_one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def child(case_path: str, variant: str, quality: bool) -> dict:
    pin_to_one_core()
    import django

    django.setup()
    from photos.imaging import to_srgb

    data = Path(case_path).read_bytes()
    idle_mb = peak_mb()
    started = time.process_time()
    image, steps = decoded(data, variant)
    decode_seconds = time.process_time() - started
    renditions = []
    step_started = time.process_time()
    for rendition in steps(image):
        now = time.process_time()
        renditions.append(
            {
                "width": rendition.width,
                "format": rendition.format.value,
                "seconds": now - step_started,
                "bytes": len(rendition.data),
                "data": rendition.data if quality else None,
            }
        )
        step_started = now
    total = time.process_time() - started
    result = {"decode": decode_seconds, "total": total, "peak_mb": peak_mb(), "idle_mb": idle_mb}
    if quality:
        reference = full_reference(data, to_srgb)
        for rendition in renditions:
            rendition["psnr"] = psnr(reference, rendition.pop("data"))
    else:
        for rendition in renditions:
            rendition.pop("data")
    result["renditions"] = renditions
    return result


def decoded(data: bytes, variant: str):
    """The decoded image and the function yielding its renditions, as `variant` does it."""
    from photos.choices import RENDITION_WIDTHS
    from photos.decoding import load_pixels, open_header
    from photos.exif import upright
    from photos.imaging import SAVE_OPTIONS, iter_renditions, to_srgb
    from photos.renditions import decode_file

    if VARIANTS[variant] is None:
        return decode_file(io.BytesIO(data)).image, iter_renditions
    draft, cascade, changes = VARIANTS[variant]
    options = {
        rendition_format: {
            **BEFORE_OPTIONS[rendition_format.value],
            **changes.get(rendition_format.value, {}),
        }
        for rendition_format in SAVE_OPTIONS
    }
    image = open_header(io.BytesIO(data))
    image = load_pixels(image, width_at_least=max(RENDITION_WIDTHS) if draft else None)
    image = to_srgb(upright(image))
    if cascade:
        return image, lambda image: iter_renditions(image, options)
    return image, lambda image: from_full_size(image, options)


def from_full_size(image, options):
    """The renditions as before: every width resized from the full image."""
    from PIL import Image

    from photos.imaging import EncodedRendition, encode, rendition_formats, rendition_widths

    for width in sorted(rendition_widths(image.width), reverse=True):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for rendition_format in rendition_formats():
            data = encode(resized, rendition_format, options[rendition_format])
            yield EncodedRendition(width, height, rendition_format, data)


def full_reference(data: bytes, to_srgb):
    """The full decode, upright and in sRGB: what each rendition is compared with."""
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data))
    image.load()
    return to_srgb(ImageOps.exif_transpose(image))


def psnr(reference, data: bytes) -> float:
    """Peak signal-to-noise ratio (dB) of a rendition against the reference resized to it
    with Lanczos in one step: higher is closer; above 40 dB differences are hard to see."""
    from PIL import Image, ImageChops, ImageStat

    rendition = Image.open(io.BytesIO(data)).convert("RGB")
    expected = reference.resize(rendition.size, Image.Resampling.LANCZOS)
    rms = ImageStat.Stat(ImageChops.difference(rendition, expected)).rms
    mse = sum(value * value for value in rms) / len(rms)
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)


def peak_mb() -> float:
    """This process's peak resident memory: Linux's VmHWM, C allocations included.

    Not getrusage's ru_maxrss alone: Linux carries it over from the parent across
    exec, so a child of a parent that once held a 24 MP image reports the parent's peak.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: the rusage figure (kB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


# --- in the parent ---------------------------------------------------------------------


def run_child(path: Path, variant: str, quality: bool, repeat: int) -> dict:
    """The fastest of `repeat` runs (the machine is shared: the others met interference)."""
    runs = [run_child_once(path, variant, quality) for _ in range(repeat)]
    return min(runs, key=lambda run: run["total"])


def run_child_once(path: Path, variant: str, quality: bool) -> dict:
    command = [sys.executable, __file__, "--child", str(path), variant]
    if quality:
        command.append("--quality")
    # Our own script with arguments built here: nothing untrusted reaches the command.
    finished = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 -- see above
    output = finished.stdout
    return json.loads(output.strip().splitlines()[-1])


def report(case: str, variant: str, result: dict, baseline: dict | None, quality: bool) -> None:
    ratio = f"  x{baseline['total'] / result['total']:.2f} faster" if baseline else ""
    print(
        f"{case:7} {variant:27} total {result['total']:6.2f} s   decode {result['decode']:5.2f} s"
        f"   peak {result['peak_mb']:5.0f} MB (idle {result['idle_mb']:.0f}){ratio}"
    )
    for rendition in result["renditions"]:
        psnr = f"  PSNR {rendition['psnr']:5.1f} dB" if quality else ""
        print(
            f"{'':36}{rendition['width']:5} {rendition['format']:5}"
            f" {rendition['seconds']:6.3f} s {rendition['bytes'] / 1024:8.0f} kB{psnr}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--quality", action="store_true", help="also print each rendition's PSNR")
    parser.add_argument(
        "--samples", type=Path, default=Path(tempfile.gettempdir()) / "bench-photo-samples"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per variant; the fastest counts"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, quality=args.quality)))
        return
    args.samples.mkdir(parents=True, exist_ok=True)
    print(f"one core per child; Python {sys.version.split()[0]}; samples in {args.samples}")
    for case in args.cases:
        path = sample_path(args.samples, case)
        if path is None:
            print(f"{case:7} skipped: pillow-heif is not installed")
            continue
        print(f"{case:7} {path.name}, {path.stat().st_size / 1e6:.1f} MB")
        baseline = None
        for variant in args.variants:
            result = run_child(path, variant, args.quality, args.repeat)
            report(case, variant, result, baseline, args.quality)
            baseline = baseline or (result if variant == "before" else None)


if __name__ == "__main__":
    main()
