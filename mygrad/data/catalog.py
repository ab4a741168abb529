"""What the loaders know about each data set: its four IDX files, their sizes and SHA-256 digests, its mirrors.

:data:`DATASETS` maps a data set's name (also its folder under a data root)
to its :class:`DatasetSpec`; :mod:`mygrad.data.mnist` finds, downloads,
verifies and loads the files a spec lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, NamedTuple, Optional, Tuple

import numpy as np

__all__ = ["IDXFile", "DatasetSpec", "ImageClassificationData", "DATASETS", "MNIST", "FASHION_MNIST", "KMNIST",
           "known_dataset"]


@dataclass(frozen=True)
class IDXFile:
    """One of a data set's four files, with its sizes and checksums.

    Attributes
    ----------
    name : str
        The file name without ``.gz``, e.g. ``"train-images-idx3-ubyte"``.
    gz_sha256, gz_size : str, int
        SHA-256 and size of the ``.gz`` file as the mirrors distribute it.
    raw_sha256, raw_size : str or None, int
        SHA-256 and size of the decompressed content; ``raw_sha256`` is None
        where no trusted value is known: local ``.gz`` files are then checked
        against ``gz_sha256`` instead, and uncompressed files only by structure.

    Examples
    --------
    >>> from mygrad.data import DATASETS
    >>> labels = DATASETS["mnist"].files[1]
    >>> labels.name, labels.raw_size    # an 8-byte header and 60,000 one-byte labels
    ('train-labels-idx1-ubyte', 60008)
    """

    name: str
    gz_sha256: str
    gz_size: int
    raw_sha256: Optional[str]
    raw_size: int


@dataclass(frozen=True)
class DatasetSpec:
    """Everything needed to find, download and check one MNIST-format data set.

    Attributes
    ----------
    name : str
        Key in :data:`DATASETS` and folder name under a data root.
    title : str
        Human-readable name.
    mirrors : tuple of str
        Base URLs (ending in ``/``) tried in order; file URLs are
        ``mirror + name + ".gz"``.
    files : tuple of IDXFile
        Train images, train labels, test images, test labels.
    classes : tuple of str
        The class names, indexed by label.
    license : str
        The data set's license.
    apt_package : str or None
        A Debian package that installs the files, if there is one.

    Examples
    --------
    >>> from mygrad.data import DATASETS
    >>> spec = DATASETS["fashion-mnist"]
    >>> spec.title, spec.classes[:3], spec.apt_package
    ('Fashion-MNIST', ('T-shirt/top', 'Trouser', 'Pullover'), 'dataset-fashion-mnist')
    >>> [file.name for file in spec.files][:2]
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']
    """

    name: str
    title: str
    mirrors: Tuple[str, ...]
    files: Tuple[IDXFile, IDXFile, IDXFile, IDXFile]
    classes: Tuple[str, ...]
    license: str
    apt_package: Optional[str] = None


class ImageClassificationData(NamedTuple):
    """Train and test splits of an image-classification data set.

    Unpacks as ``x_train, y_train, x_test, y_test``. Images are uint8 in
    [0, 255]; labels are int64 class indices.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data import ImageClassificationData
    >>> data = ImageClassificationData(np.zeros((4, 28, 28), np.uint8), np.arange(4),
    ...                                np.zeros((2, 28, 28), np.uint8), np.arange(2))
    >>> data.x_test.shape                   # fields by name ...
    (2, 28, 28)
    >>> x_train, y_train, x_test, y_test = data     # ... or by unpacking
    >>> y_train
    array([0, 1, 2, 3])
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _files(
    train_images: Tuple[str, int, Optional[str]],
    train_labels: Tuple[str, int, Optional[str]],
    test_images: Tuple[str, int, Optional[str]],
    test_labels: Tuple[str, int, Optional[str]],
) -> Tuple[IDXFile, IDXFile, IDXFile, IDXFile]:
    """Build the four IDXFile records from (gz_sha256, gz_size, raw_sha256) triples."""
    names_and_raw_sizes = (
        ("train-images-idx3-ubyte", 16 + 60000 * 28 * 28),
        ("train-labels-idx1-ubyte", 8 + 60000),
        ("t10k-images-idx3-ubyte", 16 + 10000 * 28 * 28),
        ("t10k-labels-idx1-ubyte", 8 + 10000),
    )
    triples = (train_images, train_labels, test_images, test_labels)
    return tuple(  # type: ignore[return-value]
        IDXFile(name, gz_sha, gz_size, raw_sha, raw_size)
        for (name, raw_size), (gz_sha, gz_size, raw_sha) in zip(names_and_raw_sizes, triples)
    )


# Checksums. MNIST: the published .gz SHA-256s; the decompressed digests were
# computed from byte-identical originals (see datasets/README.md).
MNIST = DatasetSpec(
    name="mnist",
    title="MNIST",
    mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
    files=_files(
        ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422,
         "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881,
         "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877,
         "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542,
         "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ),
    classes=tuple(str(digit) for digit in range(10)),
    license="CC BY-SA 3.0",
)

# Fashion-MNIST: the .gz SHA-256s are the published upstream values (their MD5s
# match the README's). The decompressed digests were computed from Debian's
# re-compressed copies; their MD5s match the published decompressed MD5s.
FASHION_MNIST = DatasetSpec(
    name="fashion-mnist",
    title="Fashion-MNIST",
    mirrors=(
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
    files=_files(
        ("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26421880,
         "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        ("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29515,
         "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        ("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4422102,
         "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        ("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5148,
         "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
    ),
    classes=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    license="MIT",
    apt_package="dataset-fashion-mnist",
)

# KMNIST: the published .gz SHA-256s. No trusted decompressed digests were
# available (no local copy), so local .gz files are checked by their gz digest.
KMNIST = DatasetSpec(
    name="kmnist",
    title="Kuzushiji-MNIST",
    mirrors=("https://codh.rois.ac.jp/kmnist/dataset/kmnist/", "http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
    files=_files(
        ("51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4", 18165135, None),
        ("e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17", 29497, None),
        ("edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5", 3041136, None),
        ("20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c", 5120, None),
    ),
    classes=("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
    license="CC BY-SA 4.0",
)

#: The known data sets by name.
DATASETS: Dict[str, DatasetSpec] = {spec.name: spec for spec in (MNIST, FASHION_MNIST, KMNIST)}


def known_dataset(name: str) -> DatasetSpec:
    """The spec of the data set called ``name``, or a ValueError listing the known ones.

    Examples
    --------
    >>> known_dataset("fashion-mnist").classes[:3]
    ('T-shirt/top', 'Trouser', 'Pullover')
    """
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}") from None
