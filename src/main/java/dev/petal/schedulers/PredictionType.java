package dev.petal.schedulers;

/** What the denoising model predicts: the noise, the velocity v, or the clean sample x0. */
public enum PredictionType implements ConfigValue {
    EPSILON("epsilon"),
    V_PREDICTION("v_prediction"),
    SAMPLE("sample");

    private final String json;

    PredictionType(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
