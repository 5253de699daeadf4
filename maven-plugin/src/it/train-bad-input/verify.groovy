// Three bad inputs, three builds that fail with one clear line each and no stack trace.
def log = new File(basedir, 'build.log').text
assert log.contains('vmodel: unknown property -Dvmodel.lrr; recipe settings: optimizer, lr, ')
assert log.contains('; did you mean -Dvmodel.lr?')
def missing = new File(basedir, 'no-such-folder').absolutePath
assert log.contains("vmodel: the dataset ${missing} does not exist (-Dvmodel.data)")
// The trainer names the file and what is wrong with it; Maven adds the short line that points at it.
// (Maven's console may put a colour reset before the child's first line.)
def truncated = log.readLines().collect { it.replaceAll(/\u001B\[[0-9;]*m/, '') }.find { it.startsWith('vmodel train: ') }
assert truncated != null && truncated.contains('train-images-idx3-ubyte') : truncated
assert log.contains("vmodel: vmodel:train refused its input (exit 2); the trainer's reason is the 'vmodel train:' line above")
assert !log.contains('\tat ')
assert !log.contains('Caused by')
// Nothing was trained, so nothing was left behind.
assert !new File(basedir, 'target/vmodel/train/checkpoint.safetensors').exists()
return true
