// vmodel:benchmark measured both variants at batch 2 and 4, training and inference, the generated
// DJL model and its PyTorch twin alternately, and wrote the report.
import groovy.json.JsonSlurper
import javax.imageio.ImageIO

def log = new File(basedir, 'build.log').text
assert log.contains('vmodel: vmodel:benchmark (all models) in a forked JVM: ')
assert log.contains('generated DJL vs PyTorch twin, alternating')
assert log.contains('[4/4] TinyBench wide b4')
assert log.contains('BUILD SUCCESS')

def out = new File(basedir, 'target/vmodel')
def report = new JsonSlurper().parse(new File(out, 'benchmark.json'))
assert report.threads == 1
assert report.vmodelPeakGflops > 0 && report.pytorchPeakGflops > 0
def results = report.results
assert results.size() == 8
assert results.collect { "${it.case.variant} b${it.case.batch} ${it.case.mode}" } == [
        'narrow b2 train', 'narrow b2 infer', 'narrow b4 train', 'narrow b4 infer',
        'wide b2 train', 'wide b2 infer', 'wide b4 train', 'wide b4 infer']

// Parameters by hand: conv 48*d+d, layer norms 3 * 2d, linear d->2d 2d*d+2d, linear 2d->d 2d*d+d,
// token mixing 4*4+4, head 10*d+10.
def params = { long d -> 48 * d + d + 6 * d + (2 * d * d + 2 * d) + (2 * d * d + d) + 20 + 10 * d + 10 }
// Forward MACs by hand (see the spec): 192 d + 16 d^2 + 16 d + 10 d.
def macs = { long d -> 192 * d + 16 * d * d + 16 * d + 10 * d }
results.each { r ->
    long d = r.case.variant == 'narrow' ? 8 : 32
    assert r.vmodel.size() >= 1 && r.pytorch.size() >= 1 : "both stacks ran: $r.case"
    (r.vmodel + r.pytorch).each { m ->
        assert m.params == params(d) : "$m.stack $r.case: $m.params params"
        assert m.threads == 1
        assert m.imgPerS > 0 && m.windows.size() == 2 && m.foreign.size() == 2
        assert m.stepMsP50 <= m.stepMsP95
        assert m.rssPeakMb > 0
        if (r.case.mode == 'train') assert m.lossFirst > 0 else assert m.lossFirst == null
    }
    assert r.vmodel[0].stack == 'vmodel' && r.pytorch[0].stack == 'pytorch'
    assert r.pytorch[0].engine.startsWith('torch ')
    assert Math.abs(r.fwdGflopPerImage - 2 * macs(d) / 1e9) < 1e-12
    assert Math.abs(r.ratio - r.vmodelImgPerS / r.pytorchImgPerS) < 1e-9
}

def md = new File(out, 'benchmark.md').text
assert md.contains('TinyBench') && md.contains('wide')
def png = ImageIO.read(new File(out, 'benchmark.png'))
assert png != null && png.width > 400 && png.height > 200
return true
