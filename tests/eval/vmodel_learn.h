/*
 * vmodel_learn.h - the learners behind the violation model: naive Bayes
 * and L2 logistic regression, each per category (against the rest) or
 * over all categories and "none" at once (softmax).  They see a sparse
 * 0/1 matrix of items by features and the items' gold categories, and
 * fill weights and biases that analyzer/vmodel.c sums the same way.
 * Included by tests/eval/eval_vmodel.c and eval_tmodel.c, so it defines
 * functions (inline: each program uses only some of them).
 */
#ifndef MM_VMODEL_LEARN_H
#define MM_VMODEL_LEARN_H

#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The training items: row r has features cols[start[r] .. start[r+1])
 * (each 0 .. nfeat-1, once) and gold[r * ncat + k] items of category k. */
struct tset {
	size_t n, nfeat, ncat;
	size_t *start, *cols;
	unsigned char *gold;
};

static inline void tset_release(struct tset *t)
{
	free(t->start);
	free(t->cols);
	free(t->gold);
	memset(t, 0, sizeof(*t));
}

/* Multinomial naive Bayes, one category against the rest, over word
 * presence: w = log P(word | k) / P(word | not k) with additive
 * smoothing alpha, the bias the prior log odds.  Their sum is
 * log P(k | doc) / P(not k | doc), read through a sigmoid.
 * w is [ncat][nfeat]. */
static inline void learn_nb(const struct tset *t, double alpha, double *w,
		     double *bias)
{
	double *pos = xmalloc((t->nfeat + 1) * sizeof(*pos));
	double *neg = xmalloc((t->nfeat + 1) * sizeof(*neg));

	for (size_t k = 0; k < t->ncat; k++) {
		double npos = 0, nneg = 0, tpos = 0, tneg = 0;

		memset(pos, 0, t->nfeat * sizeof(*pos));
		memset(neg, 0, t->nfeat * sizeof(*neg));
		for (size_t r = 0; r < t->n; r++) {
			int y = t->gold[r * t->ncat + k] > 0;
			double *cnt = y ? pos : neg;

			*(y ? &npos : &nneg) += 1;
			*(y ? &tpos : &tneg) += t->start[r + 1] - t->start[r];
			for (size_t j = t->start[r]; j < t->start[r + 1]; j++)
				cnt[t->cols[j]]++;
		}
		for (size_t l = 0; l < t->nfeat; l++)
			w[k * t->nfeat + l] =
				log((pos[l] + alpha) /
				    (tpos + alpha * t->nfeat)) -
				log((neg[l] + alpha) /
				    (tneg + alpha * t->nfeat));
		bias[k] = log((npos + 1) / (nneg + 1));
	}
	free(pos);
	free(neg);
}

/* Multinomial naive Bayes over all categories and "none" at once (an
 * item with two categories counts for both): w[k] = log P(word | k) /
 * P(word | none), the bias the prior log ratio, so that the softmax of
 * the sums, "none" at 0, is the posterior. */
static inline void learn_nbm(const struct tset *t, double alpha, double *w,
		      double *bias)
{
	size_t K = t->ncat, F = t->nfeat;	/* class K is "none" */
	double *cnt = xcalloc((K + 1) * F + 1, sizeof(*cnt));
	double *tot = xcalloc(K + 1, sizeof(*tot));
	double *ndoc = xcalloc(K + 1, sizeof(*ndoc));

	for (size_t r = 0; r < t->n; r++) {
		int any = 0;

		for (size_t k = 0; k <= K; k++) {
			if (k < K ? !t->gold[r * K + k] : any)
				continue;
			any = 1;
			ndoc[k]++;
			tot[k] += t->start[r + 1] - t->start[r];
			for (size_t j = t->start[r]; j < t->start[r + 1]; j++)
				cnt[k * F + t->cols[j]]++;
		}
	}
	for (size_t k = 0; k < K; k++) {
		for (size_t l = 0; l < F; l++)
			w[k * F + l] = log((cnt[k * F + l] + alpha) /
					   (tot[k] + alpha * F)) -
				       log((cnt[K * F + l] + alpha) /
					   (tot[K] + alpha * F));
		bias[k] = log((ndoc[k] + 1) / (ndoc[K] + 1));
	}
	free(cnt);
	free(tot);
	free(ndoc);
}

/* The gradient of the loss at x into g (both [nfeat + 1][m], the bias
 * row last); m = 1 for one category k against the rest, m = ncat for
 * the softmax with "none" at 0 (an item with two categories wants each
 * with one half). */
static inline void lr_gradient(const struct tset *t, size_t k, size_t m,
			double l2, const double *x, double *g)
{
	size_t F = t->nfeat;
	double z[64], max, sum;

	memset(g, 0, (F + 1) * m * sizeof(*g));
	for (size_t r = 0; r < t->n; r++) {
		const unsigned char *gold = t->gold + r * t->ncat;
		double ng = 0;

		for (size_t c = 0; c < m; c++)
			z[c] = x[F * m + c];
		for (size_t j = t->start[r]; j < t->start[r + 1]; j++)
			for (size_t c = 0; c < m; c++)
				z[c] += x[t->cols[j] * m + c];
		if (m == 1) {
			z[0] = 1 / (1 + exp(-z[0])) - (gold[k] > 0);
		} else {
			max = 0;
			for (size_t c = 0; c < m; c++) {
				ng += gold[c] > 0;
				if (z[c] > max)
					max = z[c];
			}
			sum = exp(-max);
			for (size_t c = 0; c < m; c++)
				sum += z[c] = exp(z[c] - max);
			for (size_t c = 0; c < m; c++)
				z[c] = z[c] / sum - (gold[c] ? 1 / ng : 0);
		}
		for (size_t c = 0; c < m; c++)
			g[F * m + c] += z[c];
		for (size_t j = t->start[r]; j < t->start[r + 1]; j++)
			for (size_t c = 0; c < m; c++)
				g[t->cols[j] * m + c] += z[c];
	}
	for (size_t l = 0; l < F * m; l++)
		g[l] += l2 * x[l];
}

#define LR_ITER 300

/* L2-regularised logistic regression: minimise the log loss plus
 * l2/2 |w|^2 (the bias is not shrunk) by Nesterov's accelerated
 * gradient, each weight with its own step.  The steps come from a
 * diagonal bound of the loss's curvature (for 0/1 features X'X is at
 * most diag(X'X 1), times 1/4 for the sigmoid, 1/2 for the softmax), so
 * rare words, whose curvature is small, move as fast as common ones.
 * m and k as lr_gradient; w and bias as learn_nb. */
static inline void learn_lr_one(const struct tset *t, size_t k, size_t m,
			 double l2, double *w, double *bias)
{
	size_t F = t->nfeat, n = (F + 1) * m;
	double *x = xcalloc(n, sizeof(*x)), *y = xcalloc(n, sizeof(*y));
	double *g = xcalloc(n, sizeof(*g)), *prev = xcalloc(n, sizeof(*x));
	double *step = xcalloc(F + 1, sizeof(*step)), tk = 1;
	double scale = m == 1 ? 0.25 : 0.5;

	for (size_t r = 0; r < t->n; r++) {
		double len = (double)(t->start[r + 1] - t->start[r]) + 1;

		for (size_t j = t->start[r]; j < t->start[r + 1]; j++)
			step[t->cols[j]] += len;
		step[F] += len;
	}
	for (size_t l = 0; l <= F; l++)
		step[l] = 1 / (scale * step[l] + (l < F ? l2 : 0) + 1e-9);
	for (int iter = 0; iter < LR_ITER; iter++) {
		double tn = (1 + sqrt(1 + 4 * tk * tk)) / 2;

		lr_gradient(t, k, m, l2, y, g);
		memcpy(prev, x, n * sizeof(*x));
		for (size_t l = 0; l < n; l++)
			x[l] = y[l] - step[l / m] * g[l];
		for (size_t l = 0; l < n; l++)
			y[l] = x[l] + (tk - 1) / tn * (x[l] - prev[l]);
		tk = tn;
	}
	for (size_t c = 0; c < m; c++) {
		size_t kk = m == 1 ? k : c;

		for (size_t l = 0; l < F; l++)
			w[kk * F + l] = x[l * m + c];
		bias[kk] = x[F * m + c];
	}
	free(x);
	free(y);
	free(g);
	free(prev);
	free(step);
}

/* Logistic regression per category, against the rest (sigmoid). */
static inline void learn_lr(const struct tset *t, double l2, double *w,
		     double *bias)
{
	for (size_t k = 0; k < t->ncat; k++)
		learn_lr_one(t, k, 1, l2, w, bias);
}

/* Logistic regression over all categories and "none" (softmax). */
static inline void learn_lrm(const struct tset *t, double l2, double *w,
		      double *bias)
{
	if (t->ncat > 64)
		BUG("more than 64 categories");
	learn_lr_one(t, 0, t->ncat, l2, w, bias);
}

#endif
