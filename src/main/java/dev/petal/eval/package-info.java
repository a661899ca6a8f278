/**
 * Evaluation of generated images: CLIP-I, CLIP-T, DINO, FID and KID, numerically at parity with the reference tools
 * (transformers' CLIPImageProcessor and CLIPModel, torchvision's DINO transform and ViTModel, pytorch-fid's
 * InceptionV3, pytorch-fid / clean-fid / torchmetrics Fréchet distances, torch-fidelity KID).
 *
 * <ul>
 *   <li>{@link dev.petal.eval.ClipScorer}: CLIP-I / CLIP-T from generated tensors, decoded images or files, for programs.</li>
 *   <li>{@link dev.petal.eval.Evaluator} with an {@link dev.petal.eval.EvalRequest}: folders in, an
 *       {@link dev.petal.eval.EvalReport} (JSON, table) out; {@code petal eval} is its command line.</li>
 *   <li>{@link dev.petal.eval.Scores}: each metric from feature rows, as a {@link dev.petal.eval.MetricResult} naming
 *       its extractor, preprocessing, sample counts and warnings.</li>
 *   <li>{@code image}: PNG decoding and Pillow-exact bicubic resizing, the input pipelines; {@code features}: the
 *       extractor interface, CLIP features, the content-hash feature cache; {@code dino}, {@code inception}: those
 *       networks; {@code metrics}: cosines, Fréchet distance (EJML, a Schur matrix square root as scipy's), KID.</li>
 * </ul>
 */
package dev.petal.eval;
