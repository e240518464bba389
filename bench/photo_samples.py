"""Sample images for bench/renditions.py and bench/upload.py, made the same way every run.

A flat or purely random picture would flatter or punish the encoders: a camera's photo
is smooth areas (walls, faces, a projector screen), hard edges and a little sensor
noise. So each sample is coloured shapes and gradients drawn small, scaled up smoothly,
then given fine grain from a seeded generator; the JPEG carries a camera's EXIF (time
taken, make, model) as phones and cameras write it.
"""

import io
import random

from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageFont

SEED = 2016


def scene(width: int, height: int, *, seed: int = SEED) -> Image.Image:
    """A photo-like RGB picture: shapes and gradients scaled up, with grain."""
    rng = random.Random(seed)
    small = Image.new("RGB", (width // 8, height // 8))
    draw = ImageDraw.Draw(small)
    for row in range(small.height):  # a lit wall: a vertical gradient
        shade = 60 + 120 * row // small.height
        draw.line([(0, row), (small.width, row)], fill=(shade, shade - 20, shade - 40))
    for count, largest in ((120, 4), (1500, 40)):  # a screen, people, chairs; then details
        for _ in range(count):
            x, y = rng.randrange(small.width), rng.randrange(small.height)
            w = rng.randrange(2, max(3, small.width // largest))
            h = rng.randrange(2, max(3, small.height // largest))
            colour = tuple(rng.randrange(256) for _ in range(3))
            shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
            shape([x, y, x + w, y + h], fill=colour)
    small = small.filter(ImageFilter.GaussianBlur(1))
    picture = small.resize((width, height), Image.Resampling.BICUBIC)
    # Texture at every scale (fabric, hair, carpet), then sensor grain: seeded noise.
    texture = Image.new("L", (width, height), 128)
    for scale, weight in ((32, 0.5), (8, 0.4), (2, 0.35), (1, 0.25)):
        size = (width // scale, height // scale)
        noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
        texture = Image.blend(
            texture, noise.resize((width, height), Image.Resampling.BICUBIC), weight
        )
    return Image.blend(picture, Image.merge("RGB", (texture,) * 3), 0.18)


def camera_exif(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench Camera Co."
    exif[ExifTags.Base.Model] = "B-24"
    exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = "2016:02:03 11:15:00"
    return exif


def jpeg_photo(width: int = 6000, height: int = 4000, *, quality: int = 95) -> bytes:
    """A camera JPEG (24 MP by default, about 9 MB at this quality)."""
    buffer = io.BytesIO()
    scene(width, height).save(buffer, "JPEG", quality=quality, exif=camera_exif())
    return buffer.getvalue()


def heic_photo(width: int = 4032, height: int = 3024) -> bytes | None:
    """A phone's HEIC (12 MP by default, held sideways), or None without pillow-heif."""
    try:
        import pillow_heif
    except ImportError:
        return None
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    scene(width, height, seed=SEED + 1).save(
        buffer, "HEIF", quality=85, exif=camera_exif(orientation=6)
    )
    return buffer.getvalue()


def png_screenshot(width: int = 2560, height: int = 1440) -> bytes:
    """A slide's screenshot: flat colours, text and lines, as PNG."""
    rng = random.Random(SEED + 2)
    image = Image.new("RGB", (width, height), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 120], fill=(51, 103, 145))
    font = ImageFont.load_default(size=36)
    for line in range(30):
        words = " ".join(
            rng.choice(["SELECT", "FROM", "talks", "WHERE", "id", "=", "42"]) for _ in range(12)
        )
        draw.text((80, 180 + line * 40), words, fill=(30, 30, 30), font=font)
    draw.ellipse([width - 700, 300, width - 200, 800], outline=(200, 60, 60), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
