"""The session-state keys of the Training Lab: every key starts with ``lab.``."""


class LabKeys:
    """Keys under ``lab.``; widget keys and non-widget (kept) state alike."""

    # Your position in the shared run (ui.training_lab.run), non-widget:
    ACTIVE = "lab.active"  # the config started with Play or Step (None after Reset): a run is watched from epoch 0
    REVEALED = "lab.revealed"  # how many epochs of it have been shown so far (the curves end there)
    TARGET = "lab.target"  # the epoch Play or Step runs to (None: paused)
    VIEWED = "lab.viewed"  # the epoch picked with the slider (None: follow the newest revealed epoch)
    EPOCH_PICKS = "lab.epoch_picks"  # the number of the epoch view's last pick the server received
    VIEW_MOVES = "lab.view_moves"  # how many times Play, Step or Reset moved the view back to the newest epoch
    # The experiments' buttons, and the settings each was last run for (non-widget: the result stays on screen):
    LR_SWEEP, SHOW_LR_SWEEP = "lab.lr_sweep", "lab.show_lr_sweep"
    INIT_SWEEP, SHOW_INIT_SWEEP = "lab.init_sweep", "lab.show_init_sweep"
    PAPER, SHOW_PAPER = "lab.paper", "lab.show_paper"
    SHOWN_EXPERIMENTS = (SHOW_LR_SWEEP, SHOW_INIT_SWEEP, SHOW_PAPER)
    ACC_CHART = "lab.acc_chart"
    ACTIVATION = "lab.activation"
    BATCH_SIZE = "lab.batch_size"
    BN_CHART = "lab.bn_chart"
    BN_LAYER = "lab.bn_layer"
    BN_PLACEMENT = "lab.bn_placement"
    BOTH_TRAIN = "lab.both_train"  # the preset button of a network both arms can train
    DATASET = "lab.dataset"
    DEEP = "lab.deep"
    DEFAULT_RUN = "lab.default_run"  # the preset button back to the default settings
    DEPTH = "lab.depth"
    EPOCH_VIEW = "lab.epoch_view"  # the epoch view (slider, narrative, histograms, table): its "epoch" trigger
    EPOCHS = "lab.epochs"
    GRAD_CHART = "lab.grad_chart"
    INIT = "lab.init"
    INIT_SCALE = "lab.init_scale"
    INIT_SWEEP_CHART = "lab.init_sweep_chart"
    LINK_NOTICES = "lab.link_notices"
    LOSS_CHART = "lab.loss_chart"
    LR = "lab.lr"
    LR_SWEEP_BASE = "lab.lr_sweep_base"  # which network the learning-rate sweep trains: "both_train" or "yours"
    LR_SWEEP_CHART = "lab.lr_sweep_chart"
    OPTIMIZER = "lab.optimizer"
    PAPER_CHART = "lab.paper_chart"
    PAUSE = "lab.pause"
    PLAY = "lab.play"
    QUERY_WRITTEN = "lab.query_written"
    RESET = "lab.reset"
    RUN_BAR = "lab.run_bar"  # the container of Play / Step / Reset / Speed (kept on screen on a phone), not state
    SEED = "lab.seed"
    SETTINGS = "lab.settings"
    SHALLOW = "lab.shallow"
    SHARE_QUERY = "lab.share_query"
    SPEED = "lab.speed"
    STEP = "lab.step"
    WIDTH = "lab.width"

    @staticmethod
    def prediction(name: str, question_id: str) -> str:
        """A widget of the question asked before Play ("choice", "confidence", "commit")."""
        return f"lab.predict.{name}.{question_id}"

    @staticmethod
    def setting(field: str) -> str:
        """The widget key of the control of a TrainConfig field: ``lab.<field>`` (e.g. LabKeys.LR for "lr")."""
        return f"lab.{field}"
