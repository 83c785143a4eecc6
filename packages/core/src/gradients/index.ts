// Registers tfjs's stock gradients, then metatune's corrected, differentiable-to-any-order ones.
import './stock-gradients';
