"""Stand-in for Pillow in the frozen programs (packaging/freeze.py puts this folder first on the path).

reportlab imports `PIL.Image` when it loads, but uses it only to embed bitmap images, which exam-app's PDF
reports never contain (their charts are vector drawings). `Image = None` is reportlab's own signal that no
imaging library is installed (`reportlab.lib.utils.haveImages`), so the program ships without Pillow's
image codecs and their libraries (about 5.5 MB).
"""

Image = None
