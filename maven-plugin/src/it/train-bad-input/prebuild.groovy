// A dataset folder whose training images stop half way through their second image: the header
// promises 256 images of 8 x 8, the file holds 16 + 64 + 32 bytes.
def dir = new File(basedir, 'truncated')
dir.mkdirs()
def images = new DataOutputStream(new FileOutputStream(new File(dir, 'train-images-idx3-ubyte')))
images.writeInt(0x00000803); images.writeInt(256); images.writeInt(8); images.writeInt(8)
96.times { images.writeByte(it) }
images.close()
def labels = new DataOutputStream(new FileOutputStream(new File(dir, 'train-labels-idx1-ubyte')))
labels.writeInt(0x00000801); labels.writeInt(256)
256.times { labels.writeByte(it % 4) }
labels.close()
return true
