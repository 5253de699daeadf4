// Writes a tiny dataset in MNIST's IDX format (the four files under their usual names) into data/:
// 8 x 8 grayscale images of 4 classes, class k lighting quadrant k over dim noise, so a tiny model
// learns it in a couple of epochs. Headers as the format defines them: a big-endian magic number
// (0x00000803 for 3-d unsigned bytes, 0x00000801 for 1-d) and big-endian sizes, then the bytes.
def dir = new File(basedir, 'data')
dir.mkdirs()
def random = new Random(8)

def write = { String prefix, int count ->
    def images = new DataOutputStream(new FileOutputStream(new File(dir, prefix + '-images-idx3-ubyte')))
    def labels = new DataOutputStream(new FileOutputStream(new File(dir, prefix + '-labels-idx1-ubyte')))
    images.writeInt(0x00000803); images.writeInt(count); images.writeInt(8); images.writeInt(8)
    labels.writeInt(0x00000801); labels.writeInt(count)
    for (int i = 0; i < count; i++) {
        int label = i % 4
        int top = label.intdiv(2) * 4, left = (label % 2) * 4
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean lit = y >= top && y < top + 4 && x >= left && x < left + 4
                images.writeByte(lit ? 180 + random.nextInt(76) : random.nextInt(60))
            }
        }
        labels.writeByte(label)
    }
    images.close()
    labels.close()
}
write('train', 256)
write('t10k', 64)
return true
