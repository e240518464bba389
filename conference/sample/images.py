"""Pictures for the sample galleries, drawn with Pillow: a gradient and translucent shapes.

Each picture comes from a seed, so its alt text can say truthfully what it shows. The JPEGs
carry the metadata a camera would write (time taken, a GPS position, sometimes a sideways
orientation), which the rendition pipeline must use or strip.
"""

import datetime
import io
import random
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageDraw, ImageFont

LANDSCAPE = (1600, 1067)
PORTRAIT = (1200, 1600)

PALETTE = (
    ("navy", (31, 58, 147)),
    ("teal", (0, 128, 128)),
    ("coral", (255, 127, 80)),
    ("gold", (240, 190, 40)),
    ("crimson", (190, 30, 60)),
    ("violet", (130, 80, 200)),
    ("sky blue", (110, 170, 230)),
    ("forest green", (40, 110, 60)),
    ("slate grey", (90, 100, 115)),
    ("peach", (250, 200, 160)),
)
SHAPES = ("circle", "square", "ring")

# Where PGConf.Russia met, written into the sample originals to prove renditions drop it.
MOSCOW_GPS = ((55.0, 45.0, 7.0), "N", (37.0, 37.0, 56.0), "E")


@dataclass(frozen=True)
class Design:
    size: tuple[int, int]
    start: tuple[str, tuple[int, int, int]]
    end: tuple[str, tuple[int, int, int]]
    horizontal: bool
    shape: str
    # (centre x, centre y, radius, opacity 0-255)
    marks: tuple[tuple[int, int, int, int], ...]

    @property
    def description(self) -> str:
        """Alt text: what the picture really shows."""
        direction = "left to right" if self.horizontal else "top to bottom"
        count = len(self.marks)
        return (
            f"Generated sample picture: a {self.start[0]} to {self.end[0]} gradient "
            f"({direction}) with {count} translucent white {self.shape}s."
        )


def design(seed: int, *, portrait: bool) -> Design:
    rng = random.Random(seed)  # reproducible on purpose
    width, height = PORTRAIT if portrait else LANDSCAPE
    start, end = rng.sample(PALETTE, 2)
    marks = tuple(
        (
            rng.randint(0, width),
            rng.randint(0, height),
            rng.randint(height // 16, height // 4),
            rng.randint(40, 110),
        )
        for _ in range(rng.randint(3, 7))
    )
    return Design(
        size=(width, height),
        start=start,
        end=end,
        horizontal=rng.random() < 0.4,
        shape=rng.choice(SHAPES),
        marks=marks,
    )


def draw(picture: Design, *, label: str = "") -> Image.Image:
    """The picture as an upright RGB image."""
    width, height = picture.size
    ramp = Image.linear_gradient("L")  # 256 x 256, black at the top to white at the bottom
    if picture.horizontal:
        ramp = ramp.transpose(Image.Transpose.ROTATE_90)
    mask = ramp.resize(picture.size, Image.Resampling.BILINEAR)
    image = Image.composite(
        Image.new("RGB", picture.size, picture.end[1]),
        Image.new("RGB", picture.size, picture.start[1]),
        mask,
    ).convert("RGBA")

    overlay = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)
    for x, y, radius, opacity in picture.marks:
        box = (x - radius, y - radius, x + radius, y + radius)
        fill = (255, 255, 255, opacity)
        if picture.shape == "circle":
            pen.ellipse(box, fill=fill)
        elif picture.shape == "square":
            pen.rounded_rectangle(box, radius=radius // 5, fill=fill)
        else:
            pen.ellipse(box, outline=fill, width=max(4, radius // 6))
    if label:
        font = ImageFont.load_default(size=max(24, height // 30))
        pen.text((width // 30, height - height // 12), label, font=font, fill=(255, 255, 255, 200))
    return Image.alpha_composite(image, overlay).convert("RGB")


def camera_jpeg(
    image: Image.Image,
    *,
    taken_at: datetime.datetime,
    rotated_in_exif: bool = False,
    artist: str = "",
) -> bytes:
    """JPEG bytes with the EXIF a camera writes: time taken (with offset), GPS, artist.

    rotated_in_exif stores the pixels turned 90° anticlockwise with Orientation=6
    ("rotate 90° clockwise to view"), as phones held upright do.
    """
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Sample"
    exif[ExifTags.Base.Model] = "Pillow"
    if artist:
        exif[ExifTags.Base.Artist] = artist
    details = exif.get_ifd(ExifTags.IFD.Exif)
    # Local wall-clock time plus its offset, as cameras write them ("+03:00").
    details[ExifTags.Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken_at.strftime("%z")
    details[ExifTags.Base.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:]}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude, latitude_ref, longitude, longitude_ref = MOSCOW_GPS
    gps[ExifTags.GPS.GPSLatitude] = latitude
    gps[ExifTags.GPS.GPSLatitudeRef] = latitude_ref
    gps[ExifTags.GPS.GPSLongitude] = longitude
    gps[ExifTags.GPS.GPSLongitudeRef] = longitude_ref
    if rotated_in_exif:
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif)
    return buffer.getvalue()
