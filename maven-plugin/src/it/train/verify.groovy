// vmodel:train ran the trainer in a forked JVM with the spec's recipe, 2 epochs from -Dvmodel.epochs
// and width 12 from -Dvmodel.param.dim, and left metrics, a chart, weights and a checkpoint.
import groovy.json.JsonSlurper
import java.nio.ByteBuffer
import java.nio.ByteOrder

def log = new File(basedir, 'build.log').text
assert log.contains('vmodel: vmodel:train TinyDigits in a forked JVM: ')
assert log.contains('vmodel: vmodel:evaluate TinyDigits in a forked JVM: ')
assert log.count('BUILD SUCCESS') == 2
// One line per epoch from the trainer, and no third epoch (the spec says 5).
assert log =~ /(?i)epoch\W+1\b/
assert log =~ /(?i)epoch\W+2\b/
assert !(log =~ /(?i)epoch\W+3\b/)

def out = new File(basedir, 'target/vmodel/train')
def metrics = new File(out, 'metrics.jsonl').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert metrics.size() == 2
metrics.each { m ->
    ['epoch', 'train_loss', 'val_loss', 'top1'].each { assert m.containsKey(it) : "$it missing in $m" }
    assert m.train_loss instanceof Number && m.train_loss > 0 && m.train_loss < 10
}
assert metrics[0].epoch < metrics[1].epoch
// Quadrants of light are easy: after 2 epochs the model is far better than chance (25 %, loss ln 4 = 1.386).
def top1 = metrics[1].top1 > 1 ? metrics[1].top1 / 100 : metrics[1].top1
assert top1 >= 0.5 : "top-1 ${metrics[1].top1} after 2 epochs"
assert metrics[1].val_loss < 1.386

def csv = new File(out, 'metrics.csv').readLines().findAll { it.trim() }
assert csv.size() == 3 && csv[0].contains('epoch')

def png = new File(out, 'curves.png').bytes
assert png.length > 8 && png[0..7] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A].collect { it as byte }

// safetensors: an 8-byte little-endian header length, a JSON header naming each tensor with its
// dtype, shape and byte range, then the data.
def readSafetensors = { File f ->
    byte[] bytes = f.bytes
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()
    assert n > 0 && 8 + n <= bytes.length
    def header = new JsonSlurper().parseText(new String(bytes, 8, (int) n, 'UTF-8'))
    header.remove('__metadata__')
    [bytes.length - 8 - n, header]
}
def (dataBytes, tensors) = readSafetensors(new File(out, 'model.safetensors'))
assert tensors.keySet().any { it.endsWith('weight') } : tensors.keySet()
assert tensors.values().every { it.dtype == 'F32' }
// The patch conv at width 12 (the param from the command line), not the spec's 16.
assert tensors.values().any { it.shape == [12, 1, 2, 2] } : tensors
// Parameters by hand at dim 12 on 16 tokens: conv 12*1*2*2 + 12; layerNorm 2*12; token mixing
// 16*16 + 16; layerNorm 2*12; linear 12*24 + 24; linear 24*12 + 12; layerNorm 2*12; head 12*4 + 4.
long params = tensors.values().sum { it.shape.inject(1L) { a, b -> a * b } }
assert params == 60 + 24 + 272 + 24 + 312 + 300 + 24 + 52
assert dataBytes == params * 4

def checkpoint = new File(out, 'checkpoint.safetensors')
def (checkpointBytes, checkpointTensors) = readSafetensors(checkpoint)
assert checkpointTensors.size() >= tensors.size()

// vmodel:evaluate found the run's checkpoint by itself; its argument file is the command it ran.
def evaluateArgs = new File(basedir, 'target/vmodel/vmodel-evaluate.args').readLines()
assert evaluateArgs.contains('"--evaluate"')
assert evaluateArgs[evaluateArgs.indexOf('"--evaluate"') + 1] == '"' + checkpoint.absolutePath + '"'
return true
