package dev.convoy.app;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Optimizer;
import dev.convoy.app.train.ResumePoint;
import dev.convoy.app.train.StartingModel;
import dev.convoy.app.train.TrainingHistory;
import dev.convoy.app.train.TrainingOutputs;
import dev.convoy.app.train.TrainingProgress;
import dev.convoy.app.train.TrainingRecipe;
import dev.convoy.data.Augmentation;
import dev.convoy.data.Batcher;
import dev.convoy.data.DataOptions;
import dev.convoy.data.Datasets;
import dev.convoy.data.Normalization;
import dev.convoy.data.TrainTestSplit;
import dev.convoy.data.TrainingBatches;
import dev.convoy.formats.proto.OptimizerState;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendChoice;
import dev.convoy.runtime.EpochResult;
import dev.convoy.runtime.LearningRateSchedule;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Trainer;
import dev.convoy.runtime.TrainingCheckpoints;
import dev.convoy.runtime.TrainingPosition;
import dev.convoy.zoo.Zoo;
import dev.convoy.zoo.ZooModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy train}: mini-batch training with a progress bar, per-epoch lines and a report. */
@Command(name = "train",
    description = {"Trains a zoo model on a dataset, evaluating on its test split after every epoch.",
        "Ends with the line 'test accuracy: X'. With --out, writes the model and, next to it, a report: "
            + "<name>.curves.png (loss and accuracy) and <name>.filters.png (the first layer's filters).",
        "With --resume FILE, continues the run FILE was saved from: 'train --epochs 1 --out a.convoy' then "
            + "'train --epochs 2 --resume a.convoy' gives the weights that 'train --epochs 2' gives, bit for bit."})
final class TrainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Option(names = "--model", paramLabel = "M",
      description = "A zoo model such as lenet or cifar-small, or a .convoy file: its network, trained on from its saved "
          + "weights (with a fresh optimizer). Required unless --resume is given.")
  private String model;

  @Option(names = "--resume", paramLabel = "FILE",
      description = "Continues the run saved in FILE by train --out: its network, weights, optimizer state, step count "
          + "and seed, from the epoch after its last up to --epochs in total. The data, batch, optimizer, loss, "
          + "schedule, augmentation and seed options are the saved run's; giving one that differs is an error. "
          + "--out may name FILE itself. Bit for bit on the same backend; another backend rounds differently.")
  private Path resume;

  @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "D",
      description = "fashion-mnist, or a folder of IDX files, CIFAR-10 binary batches or class sub-folders "
          + "(default: ${DEFAULT-VALUE}).")
  private String data;

  @Option(names = "--epochs", defaultValue = "2",
      description = "Epochs to train in all, counting those of a --resume file (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--optimizer", defaultValue = "momentum",
      description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw; 'convoy optimizers' lists them "
          + "(default: ${DEFAULT-VALUE}).")
  private String optimizer;

  @Option(names = "--lr", description = "Learning rate (default: the optimizer's, 0.01 for sgd and momentum, "
      + "0.001 for adam).")
  private Float learningRate;

  @Option(names = "--momentum", description = "Momentum, for the optimizers that have one (default: theirs, "
      + "0.9 for momentum).")
  private Float momentum;

  @Option(names = "--weight-decay", description = "L2 weight decay (default: the optimizer's, 0 for most, 0.01 "
      + "for adamw).")
  private Float weightDecay;

  @Option(names = "--lr-step", defaultValue = "0",
      description = "Multiply the learning rate by --lr-gamma every N epochs; 0 never (default: ${DEFAULT-VALUE}).")
  private int lrStep;

  @Option(names = "--lr-gamma", defaultValue = "0.1", description = "Step decay factor (default: ${DEFAULT-VALUE}).")
  private float lrGamma;

  @Option(names = "--lr-schedule", defaultValue = "step",
      description = "step (decay by --lr-gamma every --lr-step epochs) or cosine (anneal to 0 over --epochs) "
          + "(default: ${DEFAULT-VALUE}).")
  private String lrSchedule;

  @Option(names = "--loss", defaultValue = "softmax", description = "softmax or svm (default: ${DEFAULT-VALUE}).")
  private String loss;

  @Option(names = "--augment", description = "Random crop (padding 2 for 28x28, 4 otherwise) and horizontal flip.")
  private boolean augment;

  @Option(names = "--resize", description = "Resize (and grey or colour) images of an image folder to the model's "
      + "input; without it, images of another size or channel count are an error.")
  private boolean resize;

  @Option(names = "--limit", paramLabel = "N",
      description = "Train on the first N training images only (a quick run); the test split stays whole.")
  private Integer limit;

  @Option(names = "--seed", defaultValue = "1", description = "Seeds initialisation, shuffling, dropout and "
      + "augmentation: the same seed gives the same numbers (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to save the model (.convoy): after every epoch, "
      + "each save replacing the last all at once, so a kill loses at most the epoch under way. With --resume, "
      + "defaults to the file resumed.")
  private Path out;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also save to --out after every N batches "
      + "within an epoch; --resume continues from such a file mid-epoch, bit for bit.")
  private Integer checkpointEvery;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal (there is none when stderr "
      + "is not one).")
  private boolean noProgress;

  private final CliEnvironment environment;

  TrainCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    PrintWriter stdout = spec.commandLine().getOut();
    ProviderRegistry registry = plugins.registry(environment);
    ResumePoint resumed = resume == null ? null : ResumePoint.read(resume, registry);
    if (resumed != null) {
      takeOptionsFrom(resumed);
      out = out == null ? resume : out;
    }
    if (resumed == null) {
      // Made once now to check the name and hyperparameters before the data is loaded.
      registry.optimizerProvider(optimizer).create(optimizer, hyperparameters());
    }
    StartingModel start = resumed != null ? resumed.start(registry) : StartingModel.of(model, registry);
    ZooModel zoo = start.architecture();
    TrainingOutputs outputs = TrainingOutputs.plan(out);
    BackendChoice choice = environment.selector(registry).select(backend.name());

    TrainTestSplit split = Datasets.open(data, DataOptions.defaults()
        .withSize(zoo.inputItem().dim(2), zoo.inputItem().dim(1))
        .withChannels(zoo.inputItem().dim(0))
        .withSeed(seed)
        .withResize(resize)
        .withInstallIfMissing(true));
    checkFits(zoo, split);
    var train = limit == null ? split.train()
        : split.train().subset(java.util.stream.IntStream.range(0, Math.min(limit, split.train().size())).toArray(),
            split.train().name() + " (first " + limit + ")");
    Normalization normalization = Normalization.fit(train);
    if (resumed != null) {
      resumed.checkNormalization(normalization);
    }
    Augmentation augmentation = augment
        ? Augmentation.of(zoo.inputItem().dim(1) == 28 ? 2 : 4, true) : Augmentation.none();
    var trainBatches = new TrainingBatches(new Batcher(train, batch, true, seed, normalization, augmentation));
    var testBatches = new TrainingBatches(Batcher.inOrder(split.test(), batch, normalization));

    Network network = zoo.build(registry, batch).withLoss(registry, lossSpec());
    try (Backend compute = choice.open(); Model trainee = Model.create(network, compute, seed)) {
      stdout.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d training and %,d test images, "
              + "backend %s%n", zoo.name(), network.parameterCount(), data, train.size(), split.test().size(),
          choice.explain());
      Optimizer opt;
      Attributes saveAs; // what makes this optimizer again, base learning rate included
      TrainingHistory history = TrainingHistory.startingAt(1);
      if (resumed == null) {
        start.loadWeights(trainee);
        opt = registry.optimizerProvider(optimizer).create(optimizer, hyperparameters());
        saveAs = hyperparameters().with("lr", opt.learningRate());
      } else {
        resumed.restore(start, trainee);
        opt = resumed.optimizer(registry);
        saveAs = resumed.hyperparameters();
        history = resumed.history();
        TrainingPosition from = history.position();
        stdout.printf(Locale.ROOT, "resuming %s: epochs %d%s to %d, seed %d, %s from step %,d%n", resume,
            from.epoch(), from.atEpochStart() ? "" : " (after its batch " + from.batchesDone() + ")", epochs, seed,
            optimizer, trainee.step());
        if (lrSchedule.equals("cosine") && resumed.recipe().epochs() != epochs) {
          stdout.printf(Locale.ROOT, "note: the cosine schedule now anneals over %d epochs; the saved run planned %d%n",
              epochs, resumed.recipe().epochs());
        }
      }
      stdout.flush();
      Trainer trainer = new Trainer(trainee, opt, schedule(opt.learningRate()));
      // Bars only on a terminal: in a log their carriage-return updates are noise; the epoch lines stay.
      TrainingProgress progress = new TrainingProgress(stdout,
          noProgress || !Terminal.stderrIsTerminal() ? null : System.err, epochs, history);
      TrainingCheckpoints checkpoints = !outputs.saves() ? TrainingCheckpoints.NONE : new TrainingCheckpoints() {
        @Override
        public int everyBatches() {
          return checkpointEvery == null ? 0 : checkpointEvery;
        }

        @Override
        public void save(TrainingPosition at) {
          try {
            outputs.save(trainee, zoo, train, normalization, recipe(), new TrainingState(at.epochsDone(),
                trainee.step(), seed), OptimizerState.of(optimizer, saveAs, opt), progress.history(at),
                progress.batchesPerEpoch(), at.atEpochStart());
          } catch (IOException e) {
            throw new ConvoyException("cannot write the report next to " + out + ": " + e.getMessage()
                + " (the last checkpoint, if any, is unchanged)", e);
          }
        }
      };
      List<EpochResult> results;
      try (progress) { // an error ends the bar's line first, so its message gets a line of its own
        results = trainer.fit(trainBatches, testBatches, history.position(), epochs, progress, checkpoints);
      }
      outputs.tell(stdout);
      stdout.printf(Locale.ROOT, "test accuracy: %.4f%n", results.getLast().testAccuracy());
      stdout.flush();
    }
    return 0;
  }

  /** Every option that can be checked without the data, checked before any is loaded. */
  private void checkOptions() {
    if (model == null && resume == null) {
      throw new ConvoyException("name the model to train with --model M (a zoo model or a .convoy file), or a run to"
          + " continue with --resume FILE");
    }
    OptionChecks check = new OptionChecks(spec);
    check.atLeast("--epochs", epochs, 1);
    check.atLeast("--batch", batch, 1);
    check.atLeast("--limit", limit, 1);
    check.atLeast("--lr-step", lrStep, 0);
    check.atLeast("--checkpoint-every", checkpointEvery, 1);
    check.positive("--lr", learningRate);
    check.positive("--lr-gamma", lrGamma);
    check.fraction("--momentum", momentum);
    check.finiteAtLeastZero("--weight-decay", weightDecay);
    check.oneOf("--lr-schedule", lrSchedule, List.of("step", "cosine"));
    check.oneOf("--loss", loss, List.of("softmax", "svm"));
    if (checkpointEvery != null && out == null && resume == null) {
      throw new ConvoyException("--checkpoint-every saves to --out; add --out NAME.convoy");
    }
  }

  /**
   * With --resume, the saved run's options replace the defaults; an option given on the command
   * line must agree with them (ResumePoint says why it does not).
   */
  private void takeOptionsFrom(ResumePoint saved) {
    Predicate<String> given = spec.commandLine().getParseResult()::hasMatchedOption;
    if (model != null) {
      saved.checkModel(model);
    }
    TrainingRecipe recipe = saved.recipe();
    data = saved.agree("--data", given, TrainingRecipe.dataKey(data), recipe.data());
    limit = saved.agree("--limit", given, limit, recipe.limit());
    batch = saved.agree("--batch", given, batch, recipe.batch());
    loss = saved.agree("--loss", given, loss, recipe.loss());
    augment = saved.agree("--augment", given, augment, recipe.augment());
    lrSchedule = saved.agree("--lr-schedule", given, lrSchedule, recipe.lrSchedule());
    lrStep = saved.agree("--lr-step", given, lrStep, recipe.lrStep());
    lrGamma = saved.agree("--lr-gamma", given, lrGamma, recipe.lrGamma());
    seed = saved.agree("--seed", given, seed, saved.seed());
    optimizer = saved.agree("--optimizer", given, optimizer, saved.optimizerName());
    saved.checkHyperparameter("--lr", "lr", learningRate);
    saved.checkHyperparameter("--momentum", "momentum", momentum);
    saved.checkHyperparameter("--weight-decay", "weight_decay", weightDecay);
    saved.checkEpochs(epochs);
  }

  /** The options that decide this run's numbers, saved so that --resume can continue it. */
  private TrainingRecipe recipe() {
    return new TrainingRecipe(TrainingRecipe.dataKey(data), limit, batch, loss, augment, lrSchedule, lrStep, lrGamma,
        epochs);
  }

  private LearningRateSchedule schedule(float base) {
    return switch (lrSchedule) {
      case "step" -> LearningRateSchedule.step(base, lrStep, lrGamma);
      case "cosine" -> LearningRateSchedule.cosine(base, epochs);
      default -> throw new ConvoyException("--lr-schedule " + lrSchedule + " is not one of step, cosine");
    };
  }

  private LayerSpec lossSpec() {
    return switch (loss) {
      case "softmax" -> LayerSpec.of("SoftmaxCrossEntropy");
      case "svm" -> LayerSpec.of("MulticlassSvm");
      default -> throw new ConvoyException("--loss " + loss + " is not one of softmax, svm");
    };
  }

  private Attributes hyperparameters() {
    // Only what the user gave: each optimizer keeps its own defaults for the rest.
    Attributes a = Attributes.empty();
    a = learningRate == null ? a : a.with("lr", learningRate);
    a = weightDecay == null ? a : a.with("weight_decay", weightDecay);
    return momentum == null ? a : a.with("momentum", momentum);
  }

  private static void checkFits(ZooModel zoo, TrainTestSplit split) {
    var d = split.train();
    int c = zoo.inputItem().dim(0);
    int h = zoo.inputItem().dim(1);
    int w = zoo.inputItem().dim(2);
    if (d.channels() != c || d.height() != h || d.width() != w) {
      throw new ConvoyException(String.format(Locale.ROOT,
          "%s holds %dx%dx%d images but %s expects %dx%dx%d; pick a model made for this data (%s)", d.name(),
          d.width(), d.height(), d.channels(), zoo.name(), w, h, c, zooSummary()));
    }
    if (d.classes() != zoo.classes()) {
      // Fewer would train a head whose extra outputs name nothing; more cannot be scored at all.
      throw new ConvoyException(d.name() + " has " + d.classes() + " classes but " + zoo.name() + " scores "
          + zoo.classes() + "; train a model made for " + d.classes() + " classes (convoy has no fine-tuning of a"
          + " head yet)");
    }
  }

  private static String zooSummary() {
    StringBuilder sb = new StringBuilder();
    for (ZooModel m : Zoo.models()) {
      var i = m.inputItem();
      sb.append(sb.isEmpty() ? "" : ", ").append(m.name()).append(' ')
          .append(i.dim(2)).append('x').append(i.dim(1)).append('x').append(i.dim(0));
    }
    return sb.toString();
  }
}
