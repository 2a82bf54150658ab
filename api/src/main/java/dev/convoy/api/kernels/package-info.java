/**
 * The kernel families a {@link dev.convoy.api.Backend} may implement beyond its core, one
 * interface each; see {@link dev.convoy.api.KernelFamily} for the rules a family follows and
 * {@link dev.convoy.api.Kernels} for how callers reach one.
 */
package dev.convoy.api.kernels;
