import logging

import pytest
from mmengine.logging import MMLogger

from mogaseg.apis import build_model_from_config, init_model

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
# one line of MMEngine's report per parameter: "\nNAME - torch.Size([...]):"
REPORT_LINE = 'backbone.patch_embed1'


@pytest.mark.parametrize('log_level', ['INFO', 'DEBUG'])
def test_initialisation_report_only_at_debug(log_level, capsys):
    MMLogger.get_instance(f'init_report_{log_level}', log_level=log_level)
    build_model_from_config(CONFIG)
    out = capsys.readouterr()
    printed = out.out + out.err
    if log_level == 'INFO':
        assert REPORT_LINE not in printed
        assert len(printed.splitlines()) < 20, printed[:2000]
    else:  # lowered to DEBUG, not lost
        assert f'{REPORT_LINE}' in printed and 'DEBUG' in printed


def test_init_model_prints_no_report(capsys):
    MMLogger.get_instance('init_report_api', log_level='INFO')
    init_model(CONFIG)
    out = capsys.readouterr()
    assert REPORT_LINE not in out.out + out.err


def test_the_report_filter_is_removed_after_the_build():
    logger = MMLogger.get_instance('init_report_filters', log_level='INFO')
    before = list(logger.filters)
    build_model_from_config(CONFIG)
    assert logger.filters == before
    assert logger.isEnabledFor(logging.INFO)


def test_class_names_come_from_the_config_datasets_classes(tmp_path):
    from mogaseg.apis import get_model
    classes = tmp_path / 'classes.txt'
    classes.write_text('circle\nsquare\n')
    model = get_model(
        'moganet-xtiny_1xb16_demo-imagenet-64px',
        cfg_options={
            'test_dataloader.dataset.classes': str(classes),
            'model.head.num_classes': 2
        })
    assert model.dataset_meta['classes'] == ('circle', 'square')
