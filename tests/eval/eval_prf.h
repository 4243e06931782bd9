/*
 * eval_prf.h - precision, recall and F1 over counted decisions, for the
 * evaluation programs (an empty denominator scores 1: nothing to get
 * wrong).
 */
#ifndef MM_EVAL_PRF_H
#define MM_EVAL_PRF_H

struct prf {
	double tp, fp, fn;
};

static inline double f1(const struct prf *p)
{
	double d = 2 * p->tp + p->fp + p->fn;

	return d ? 2 * p->tp / d : 1.0;
}

static inline double prec(const struct prf *p)
{
	return p->tp + p->fp ? p->tp / (p->tp + p->fp) : 1.0;
}

static inline double rec(const struct prf *p)
{
	return p->tp + p->fn ? p->tp / (p->tp + p->fn) : 1.0;
}

#endif
