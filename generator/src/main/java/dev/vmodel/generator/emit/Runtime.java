package dev.vmodel.generator.emit;

import com.palantir.javapoet.ClassName;

/** The runtime and DJL types generated code refers to, in one place. */
final class Runtime {
    private Runtime() {}

    private static final String BLOCKS = "dev.vmodel.runtime.blocks";
    private static final String FLOW = "dev.vmodel.runtime.flow";

    static final ClassName FLOW_BLOCK = ClassName.get(FLOW, "FlowBlock");
    static final ClassName FLOW_TYPE = ClassName.get(FLOW, "Flow");
    static final ClassName SIZES = ClassName.get(FLOW, "Sizes");
    static final ClassName INITS = ClassName.get("dev.vmodel.runtime.init", "Inits");
    static final ClassName AXIS = ClassName.get(BLOCKS, "Axis");

    static final ClassName LAST_AXIS_LAYER_NORM = ClassName.get(BLOCKS, "LastAxisLayerNorm");
    static final ClassName GROUP_NORM = ClassName.get(BLOCKS, "GroupNorm");
    static final ClassName DROPOUT = ClassName.get(BLOCKS, "Dropout");
    static final ClassName DROP_PATH = ClassName.get(BLOCKS, "DropPath");
    static final ClassName ATTENTION = ClassName.get(BLOCKS, "MultiHeadSelfAttention");
    static final ClassName LEARNED_POSITIONS = ClassName.get(BLOCKS, "LearnedPositionEmbedding");
    static final ClassName SINUSOIDAL_POSITIONS = ClassName.get(BLOCKS, "SinusoidalPositionEmbedding");
    static final ClassName CLASS_TOKEN = ClassName.get(BLOCKS, "ClassToken");
    static final ClassName TOKEN_POOLING = ClassName.get(BLOCKS, "TokenPooling");
    static final ClassName SEQUENCE_POOLING = ClassName.get(BLOCKS, "SequencePooling");
    static final ClassName IMAGE_TO_TOKENS = ClassName.get(BLOCKS, "ImageToTokens");
    static final ClassName TOKENS_TO_GRID = ClassName.get(BLOCKS, "TokensToGrid");
    static final ClassName SCALE = ClassName.get(BLOCKS, "Scale");
    static final ClassName AFFINE = ClassName.get(BLOCKS, "Affine");
    static final ClassName AVG_POOL_2D = ClassName.get(BLOCKS, "AvgPool2d");
    static final ClassName REARRANGE = ClassName.get(BLOCKS, "Rearrange");
    static final ClassName ROLL = ClassName.get(BLOCKS, "Roll");
    static final ClassName SLICE = ClassName.get(BLOCKS, "Slice");
    static final ClassName L2_NORM = ClassName.get(BLOCKS, "L2Norm");
    static final ClassName HARD_SWISH = ClassName.get(BLOCKS, "HardSwish");
    static final ClassName SILU = ClassName.get(BLOCKS, "Silu");
    static final ClassName TIMES = ClassName.get(BLOCKS, "Times");
    static final ClassName WEIGHT = ClassName.get(BLOCKS, "Weight");
    static final ClassName CONST_TABLE = ClassName.get(BLOCKS, "ConstTable");
    static final ClassName EINSUM = ClassName.get(BLOCKS, "Einsum");
    static final ClassName TAKE = ClassName.get(BLOCKS, "Take");
    static final ClassName DATA_TYPE = ClassName.get("ai.djl.ndarray.types", "DataType");

    static final ClassName SPEC_MODEL = ClassName.get("dev.vmodel.runtime.model", "SpecModel");
    static final ClassName MODEL_FAMILY = ClassName.get("dev.vmodel.runtime.model", "ModelFamily");
    static final ClassName PARAM_INFO = MODEL_FAMILY.nestedClass("ParamInfo");
    static final ClassName TRAIN_RECIPE = ClassName.get("dev.vmodel.semantic.model", "TrainRecipe");
    static final ClassName TRAINING = ClassName.get("dev.vmodel.runtime.train", "Training");
    static final ClassName TRAINING_BUILDER = TRAINING.nestedClass("Builder");
    static final ClassName TRAIN_CLI = ClassName.get("dev.vmodel.runtime.train", "TrainCli");

    static final ClassName BLOCK = ClassName.get("ai.djl.nn", "Block");
    static final ClassName BLOCKS_UTIL = ClassName.get("ai.djl.nn", "Blocks");
    static final ClassName ACTIVATION = ClassName.get("ai.djl.nn", "Activation");
    static final ClassName LAMBDA_BLOCK = ClassName.get("ai.djl.nn", "LambdaBlock");
    static final ClassName LINEAR = ClassName.get("ai.djl.nn.core", "Linear");
    static final ClassName CONV2D = ClassName.get("ai.djl.nn.convolutional", "Conv2d");
    /** Builds the Conv2d of every conv: DJL's, fed channels-last memory (its javadoc says why). */
    static final ClassName CHANNELS_LAST_CONV2D = ClassName.get(BLOCKS, "ChannelsLastConv2d");

    static final ClassName POOL = ClassName.get("ai.djl.nn.pooling", "Pool");
    static final ClassName BATCH_NORM = ClassName.get("ai.djl.nn.norm", "BatchNorm");
    static final ClassName SHAPE = ClassName.get("ai.djl.ndarray.types", "Shape");
    static final ClassName ND_LIST = ClassName.get("ai.djl.ndarray", "NDList");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
